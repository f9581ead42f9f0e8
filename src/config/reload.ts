import type { PipelineSettings } from '../pipeline/settings.js';
import { ConfigError, ConfigErrors } from './errors.js';
import type { Configuration, ConfigSources } from './load.js';
import { loadConfiguration } from './load.js';
import type { ConfigWatcher, WatchOptions } from './watch.js';
import { watchPaths } from './watch.js';

/** ReloadOutcome is what one reload attempt ended with, for the log and the metrics. */
export type ReloadOutcome =
  | { readonly ok: true; readonly configuration: Configuration; readonly durationMs: number }
  | { readonly ok: false; readonly problem: string; readonly files: readonly string[]; readonly durationMs: number };

/** ReloadOptions tune the watch and receive each outcome. */
export interface ReloadOptions extends WatchOptions {
  readonly onReload?: (outcome: ReloadOutcome) => void;
  /** The loader (tests may pass one with other plugins); defaults to loadConfiguration. */
  readonly load?: (sources: ConfigSources, settings: PipelineSettings) => Promise<Configuration>;
}

/** filesOf names the files a load failure is about (a ConfigError names one, ConfigErrors several). */
function filesOf(error: unknown): string[] {
  if (error instanceof ConfigError) return [error.file];
  if (error instanceof ConfigErrors) return [...new Set(error.errors.map((e) => e.file))];
  return [];
}

/**
 * ReloadingConfiguration is the server's ConfigurationSource when `serve`
 * watches its files: current() is the last configuration that loaded. A
 * request takes current() once, so it finishes on the configuration it
 * started with while the next one is swapped in whole. A broken new
 * configuration is reported and the old one keeps serving.
 */
export class ReloadingConfiguration {
  #current: Configuration;
  #watcher: ConfigWatcher | undefined;
  #loading: Promise<ReloadOutcome> | undefined;
  #again = false;
  readonly #options: ReloadOptions;

  constructor(initial: Configuration, options: ReloadOptions = {}) {
    this.#current = initial;
    this.#options = options;
  }

  /** current is the configuration new requests are admitted with. */
  current(): Configuration {
    return this.#current;
  }

  /** watch starts reloading when the files of the current configuration's sources change. */
  watch(): this {
    const { crdPaths, policyPaths, paramPaths = [], namespacePaths = [], ruleDirs = [] } = this.#current.sources;
    const manifests = [...crdPaths, ...policyPaths, ...paramPaths, ...namespacePaths];
    this.#watcher = watchPaths({ manifests, sources: ruleDirs }, () => void this.reload(), this.#options);
    return this;
  }

  /**
   * reload loads the sources again and swaps on success. Calls during a load
   * run one more load after it, so the last change on disk always wins.
   */
  reload(): Promise<ReloadOutcome> {
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    this.#loading = this.#loadOnce().finally(() => {
      this.#loading = undefined;
      if (this.#again) {
        this.#again = false;
        void this.reload();
      }
    });
    return this.#loading;
  }

  async #loadOnce(): Promise<ReloadOutcome> {
    const started = performance.now();
    const { sources, settings } = this.#current;
    let outcome: ReloadOutcome;
    try {
      const configuration = await (this.#options.load ?? loadConfiguration)(sources, settings);
      this.#current = configuration;
      outcome = { ok: true, configuration, durationMs: performance.now() - started };
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      outcome = { ok: false, problem, files: filesOf(error), durationMs: performance.now() - started };
    }
    this.#options.onReload?.(outcome);
    return outcome;
  }

  /** close stops watching; current() keeps answering. */
  close(): void {
    this.#watcher?.close();
  }
}
