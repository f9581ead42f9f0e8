import type { Environment } from '@marcbachmann/cel-js';

/** KubernetesUrl is a URL parsed as Go's url.ParseRequestURI (absolute URL or absolute path). */
export class KubernetesUrl {
  constructor(readonly scheme: string, readonly host: string, readonly path: string, readonly query: string) {}

  equals(other: unknown): boolean {
    return other instanceof KubernetesUrl && other.scheme === this.scheme && other.host === this.host && other.path === this.path && other.query === this.query;
  }
}

const ABSOLUTE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^@/?#]*@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?$/;
const PATH_ONLY = /^(\/[^?#]*)(?:\?([^#]*))?$/;

/** parseUrl returns the URL of a string, or undefined when Kubernetes' url() would reject it. */
export function parseUrl(text: string): KubernetesUrl | undefined {
  if (/[\s\x00-\x1f]/.test(text)) return undefined;
  const absolute = ABSOLUTE.exec(text);
  if (absolute) {
    const host = absolute[2] as string;
    if (/^\[/.test(host) ? !/^\[[0-9a-fA-F:.]+(%[^\]]+)?\](:\d*)?$/.test(host) : /[[\]]/.test(host)) return undefined;
    return new KubernetesUrl(absolute[1] as string, host, absolute[3] as string, absolute[4] ?? '');
  }
  const path = PATH_ONLY.exec(text);
  return path ? new KubernetesUrl('', '', path[1] as string, path[2] ?? '') : undefined;
}

function hostname(url: KubernetesUrl): string {
  const host = url.host;
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

function port(url: KubernetesUrl): string {
  const host = url.host;
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : 0;
  const colon = host.indexOf(':', end);
  return colon >= 0 ? host.slice(colon + 1) : '';
}

function query(url: KubernetesUrl): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (url.query === '') return out;
  for (const pair of url.query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
    const key = decode(eq >= 0 ? pair.slice(0, eq) : pair);
    const value = eq >= 0 ? decode(pair.slice(eq + 1)) : '';
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

/** registerUrls adds Kubernetes' URL library. */
export function registerUrls(env: Environment): void {
  const T = 'kubernetes.URL';
  env.registerType(T, KubernetesUrl);
  env.registerOperator(`${T} == ${T}`, (a: KubernetesUrl, b: KubernetesUrl) => a.equals(b));
  env.registerFunction(`url(string): ${T}`, (s: string) => {
    const url = parseUrl(s);
    if (!url) throw new Error(`URL parse error during conversion from string: parse "${s}": invalid URI for request`);
    return url;
  });
  env.registerFunction('isURL(string): bool', (s: string) => parseUrl(s) !== undefined);
  env.registerFunction(`${T}.getScheme(): string`, (u: KubernetesUrl) => u.scheme);
  env.registerFunction(`${T}.getHost(): string`, (u: KubernetesUrl) => u.host);
  env.registerFunction(`${T}.getHostname(): string`, hostname);
  env.registerFunction(`${T}.getPort(): string`, port);
  env.registerFunction(`${T}.getEscapedPath(): string`, (u: KubernetesUrl) => u.path);
  env.registerFunction(`${T}.getQuery(): map<string, list<string>>`, query);
}
