import type { IIoK8sApiAdmissionregistrationV1WebhookClientConfig as WebhookClientConfig } from 'kubernetes-models/admissionregistration.k8s.io/v1/WebhookClientConfig';
import { SERVICE_PORT } from './defaults.js';
import type { ManifestOptions } from './options.js';

/**
 * webhookUrlProblem checks a --url as the apiserver checks clientConfig.url
 * (apiserver/pkg/util/webhook ValidateWebhookURL) and returns the problem,
 * or undefined when the URL is acceptable.
 */
export function webhookUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute URL such as https://host:8443';
  }
  if (url.protocol !== 'https:') return "'https' is the only allowed URL scheme";
  if (url.host === '') return 'host must be specified';
  if (url.username !== '' || url.password !== '' || /^https:\/\/[^/]*@/i.test(raw)) return 'user information is not permitted in the URL';
  if (url.hash !== '') return 'fragments are not permitted in the URL';
  if (url.search !== '') return 'query parameters are not permitted in the URL';
  return undefined;
}

/** endpointUrl appends an endpoint path (`/validate`) to the base URL's path. */
export function endpointUrl(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  return url.toString();
}

/**
 * clientConfig tells the apiserver where to call an endpoint: the in-cluster
 * Service on port 443, or a URL outside the cluster, with the static CA
 * bundle when one was given (cert-manager injects its own).
 */
export function clientConfig(opts: ManifestOptions, path: string): WebhookClientConfig {
  const caBundle = opts.trust.kind === 'ca-bundle' ? { caBundle: opts.trust.caBundle } : {};
  if (opts.url !== undefined) return { url: endpointUrl(opts.url, path), ...caBundle };
  return { service: { namespace: opts.namespace, name: opts.service, path, port: SERVICE_PORT }, ...caBundle };
}
