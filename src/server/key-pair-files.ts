import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KeyPair, KeyPairSource } from './types.js';

/** KeyPairFiles are the paths of a serving certificate and its key (e.g. a mounted kubernetes.io/tls Secret). */
export interface KeyPairFiles {
  readonly certPath: string;
  readonly keyPath: string;
}

/** WatchOptions tune how quickly file changes are picked up. */
export interface WatchOptions {
  /** Fallback re-read period, for file systems where fs.watch misses events. */
  readonly pollIntervalMs?: number;
  /** Quiet time after a change event before reading, so both files of a swap have landed. */
  readonly debounceMs?: number;
  /** Told when the files cannot be read (e.g. mid-swap); the next event or poll retries. */
  readonly onReadError?: (error: Error) => void;
}

/**
 * KeyPairFileWatcher announces the certificate and key files' contents when
 * they change. It watches the directories rather than the files: Kubernetes
 * Secret volumes replace a `..data` symlink, which a watch on the old file
 * would never see. A periodic re-read catches anything the watch misses.
 */
export class KeyPairFileWatcher implements KeyPairSource {
  readonly #files: KeyPairFiles;
  readonly #options: WatchOptions;
  readonly #listeners: ((pair: KeyPair) => void)[] = [];
  readonly #watchers: FSWatcher[] = [];
  #last: string;
  #timer: NodeJS.Timeout | undefined;
  #poll: NodeJS.Timeout | undefined;
  #reading = false;

  /** The constructor starts watching; `initial` is the pair already served, so it is not announced again. */
  constructor(files: KeyPairFiles, initial: KeyPair, options: WatchOptions = {}) {
    this.#files = files;
    this.#options = options;
    this.#last = `${initial.cert.toString()}\0${initial.key.toString()}`;
    for (const directory of new Set([dirname(files.certPath), dirname(files.keyPath)])) {
      try {
        const watcher = watch(directory, { persistent: false }, () => this.#schedule());
        watcher.on('error', () => undefined); // the poll below still covers this directory
        this.#watchers.push(watcher);
      } catch {
        // Directory not watchable: rely on polling.
      }
    }
    this.#poll = setInterval(() => void this.#read(), options.pollIntervalMs ?? 10_000);
    this.#poll.unref();
  }

  onChange(listener: (pair: KeyPair) => void): void {
    this.#listeners.push(listener);
  }

  /** close stops watching and polling. */
  close(): void {
    for (const watcher of this.#watchers) watcher.close();
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#poll) clearInterval(this.#poll);
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#read(), this.#options.debounceMs ?? 200);
    this.#timer.unref();
  }

  async #read(): Promise<void> {
    if (this.#reading) return this.#schedule();
    this.#reading = true;
    try {
      const [cert, key] = await Promise.all([readFile(this.#files.certPath), readFile(this.#files.keyPath)]);
      const fingerprint = `${cert.toString()}\0${key.toString()}`;
      if (fingerprint === this.#last) return;
      this.#last = fingerprint;
      for (const listener of this.#listeners) listener({ cert, key });
    } catch (error) {
      this.#options.onReadError?.(error as Error);
    } finally {
      this.#reading = false;
    }
  }
}
