import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/command.js';
import { manifestOptions, parseManifestFlags } from '../../src/cli/manifests.js';
import type { ManifestOptions } from '../../src/manifests/options.js';
import type { KubernetesObject } from '../../src/manifests/render.js';
import { renderManifests } from '../../src/manifests/render.js';

/** PROJECT_ROOT is where package.json lives; example flags are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/manifests/', import.meta.url));
export const EXAMPLE_CRDS = fileURLToPath(new URL('../../manifests/examples/crds', import.meta.url));
export const REAL_CRDS = fileURLToPath(new URL('../../../shared/fixtures/real-crds', import.meta.url));

/** BASE_FLAGS are the flags every test starts from: the bundled examples. */
export const BASE_FLAGS = ['--crds', EXAMPLE_CRDS, '--namespace', 'crd-admission', '--service', 'crd-admission'];

/** optionsFor reads flags the way the command does. */
export function optionsFor(argv: readonly string[]): Promise<ManifestOptions> {
  return manifestOptions(parseManifestFlags(argv));
}

/** objectsFor renders the objects the command would print for these flags. */
export async function objectsFor(argv: readonly string[]): Promise<KubernetesObject[]> {
  return renderManifests(await optionsFor(argv));
}

/** byKind finds the one generated object of a kind. */
export function byKind<T = Record<string, any>>(objects: readonly KubernetesObject[], kind: string): T {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as T;
}

/** CapturedIo is a CliIo whose output is kept in strings. */
export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

function sink(chunks: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
}

/** capturedIo collects what a command writes. */
export function capturedIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: sink(out),
    stderr: sink(err),
    stdin: process.stdin,
    env: {},
    isTTY: false,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
