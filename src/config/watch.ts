import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { listManifestFiles } from './manifest-files.js';

/** WatchedPaths are the paths a configuration is read from, by what kind of files they hold. */
export interface WatchedPaths {
  /** Manifest paths (CRDs, policies, params, namespaces): YAML and JSON files. */
  readonly manifests: readonly string[];
  /** Rule directories or files: TypeScript/JavaScript sources and what they import. */
  readonly sources?: readonly string[];
}

/** SOURCE_EXTENSIONS are the files whose change can change a rule bundle. */
const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json']);

/** listSourceFiles lists rule sources under the paths (recursively, sorted, skipping node_modules and dot files). */
async function listSourceFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    const nested: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) nested.push(child);
      else if (SOURCE_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(child);
    }
    files.push(...(await listSourceFiles(nested)));
  }
  return files;
}

/** ConfigWatcher stops watching when closed. */
export interface ConfigWatcher {
  close(): void;
}

/** WatchOptions tune how fast a change is noticed. */
export interface WatchOptions {
  /** Changes within this window are reported once (editors and ConfigMap swaps write several times). */
  readonly debounceMs?: number;
  /** Fallback poll interval: fs.watch misses symlink swaps of Kubernetes volumes on some filesystems. */
  readonly pollMs?: number;
}

/**
 * fingerprint summarises the manifest (and rule source) files under the paths (names, inodes,
 * sizes, modification times), following symlinks as a ConfigMap volume needs.
 */
export async function fingerprint(paths: WatchedPaths | readonly string[]): Promise<string> {
  const watched: WatchedPaths = isPathList(paths) ? { manifests: paths } : paths;
  let files: string[];
  try {
    files = [...(await listManifestFiles(watched.manifests)), ...(await listSourceFiles(watched.sources ?? []))];
  } catch (error) {
    return `unreadable:${(error as Error).message}`;
  }
  const parts: string[] = [];
  for (const file of files) {
    try {
      const info = await stat(file);
      parts.push(`${file}:${info.ino}:${info.size}:${info.mtimeMs}`);
    } catch {
      parts.push(`${file}:missing`);
    }
  }
  return parts.join('\n');
}

function isPathList(paths: WatchedPaths | readonly string[]): paths is readonly string[] {
  return Array.isArray(paths);
}

/**
 * watchPaths calls onChange (debounced) whenever the manifest files under the
 * paths change. It combines fs.watch for speed with a fingerprint poll for
 * Kubernetes volume updates (an atomic `..data` symlink swap).
 */
export function watchPaths(paths: WatchedPaths | readonly string[], onChange: () => void, options: WatchOptions = {}): ConfigWatcher {
  const debounceMs = options.debounceMs ?? 250;
  const pollMs = options.pollMs ?? 2000;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let last: string | undefined;
  const watchers: FSWatcher[] = [];

  const check = async (): Promise<void> => {
    const current = await fingerprint(paths);
    if (closed) return;
    if (last !== undefined && current !== last) onChange();
    last = current;
  };
  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(), debounceMs);
  };

  void check();
  const all = isPathList(paths) ? paths : [...paths.manifests, ...(paths.sources ?? [])];
  for (const path of all) {
    try {
      const watcher = watch(path, { recursive: true, persistent: false }, schedule);
      watcher.on('error', () => undefined); // the poll still covers this path
      watchers.push(watcher);
    } catch {
      // A path that cannot be watched (e.g. missing for a moment) is still polled.
    }
  }
  const poll = setInterval(() => void check(), pollMs);
  poll.unref();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
    },
  };
}
