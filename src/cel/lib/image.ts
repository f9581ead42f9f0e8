import type { Environment } from '@marcbachmann/cel-js';

/**
 * Kubernetes' image library (1.33): container image references parsed as
 * go-containerregistry's name.ParseReference does (default registry
 * index.docker.io, "library/" for official images, default tag "latest").
 */
export class ImageReference {
  constructor(readonly registry: string, readonly repository: string, readonly tag: string, readonly digest: string) {}
  equals(other: unknown): boolean {
    return other instanceof ImageReference && other.registry === this.registry && other.repository === this.repository && other.tag === this.tag && other.digest === this.digest;
  }
}

const DEFAULT_REGISTRY = 'index.docker.io';
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REPOSITORY = /^[a-z0-9_\-./]+$/;

function splitRegistry(base: string): [string, string] | undefined {
  const slash = base.indexOf('/');
  const first = slash < 0 ? '' : base.slice(0, slash);
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    const registry = first === 'docker.io' ? DEFAULT_REGISTRY : first;
    return [registry, base.slice(slash + 1)];
  }
  return [DEFAULT_REGISTRY, base];
}

/** parseImage returns the reference of an image string, or undefined when it is not one. */
export function parseImage(text: string): ImageReference | undefined {
  let base = text;
  let digest = '';
  let tag = '';
  const at = base.indexOf('@');
  if (at >= 0) {
    digest = base.slice(at + 1);
    base = base.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  const colon = base.lastIndexOf(':');
  if (colon > base.lastIndexOf('/')) {
    tag = base.slice(colon + 1);
    base = base.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const split = splitRegistry(base);
  if (!split) return undefined;
  const [registry, path] = split;
  let repository = path;
  if (repository.length === 0 || repository.length > 255 || !REPOSITORY.test(repository)) return undefined;
  if (repository.split('/').some((part) => part.length === 0)) return undefined;
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  return new ImageReference(registry, repository, digest ? '' : tag || 'latest', digest);
}

/** registerImage adds Kubernetes' image library. */
export function registerImage(env: Environment): void {
  const T = 'kubernetes.Image';
  env.registerType(T, ImageReference);
  env.registerOperator(`${T} == ${T}`, (a: ImageReference, b: ImageReference) => a.equals(b));
  env.registerFunction(`image(string): ${T}`, (s: string) => {
    const image = parseImage(s);
    if (!image) throw new Error(`could not parse reference: ${s}`);
    return image;
  });
  env.registerFunction('isImage(string): bool', (s: string) => parseImage(s) !== undefined);
  env.registerFunction(`${T}.containsDigest(): bool`, (i: ImageReference) => i.digest !== '');
  env.registerFunction(`${T}.registry(): string`, (i: ImageReference) => i.registry);
  env.registerFunction(`${T}.repository(): string`, (i: ImageReference) => i.repository);
  env.registerFunction(`${T}.identifier(): string`, (i: ImageReference) => i.digest || i.tag);
  env.registerFunction(`${T}.tag(): string`, (i: ImageReference) => i.tag);
  env.registerFunction(`${T}.digest(): string`, (i: ImageReference) => i.digest);
}
