import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { listManifestFiles } from './manifest-files.js';

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
 * fingerprint summarises the manifest files under the paths (names, inodes,
 * sizes, modification times), following symlinks as a ConfigMap volume needs.
 */
export async function fingerprint(paths: readonly string[]): Promise<string> {
  let files: string[];
  try {
    files = await listManifestFiles(paths);
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

/**
 * watchPaths calls onChange (debounced) whenever the manifest files under the
 * paths change. It combines fs.watch for speed with a fingerprint poll for
 * Kubernetes volume updates (an atomic `..data` symlink swap).
 */
export function watchPaths(paths: readonly string[], onChange: () => void, options: WatchOptions = {}): ConfigWatcher {
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
  for (const path of paths) {
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
