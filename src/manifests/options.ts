import type { ManifestDocument } from '../config/manifest-files.js';
import type { LoadedCrd } from '../crd/types.js';
import { APP_NAME } from './defaults.js';

/** IssuerRef names the cert-manager issuer of the serving certificate; `self-signed` makes one. */
export type IssuerRef =
  | { readonly kind: 'Issuer' | 'ClusterIssuer'; readonly name: string }
  | { readonly kind: 'self-signed' };

/**
 * TlsTrust says how the apiserver learns the CA of the serving certificate:
 * none in the output (a Secret and caBundle provided by the operator), a
 * static caBundle, or cert-manager's CA injector.
 */
export type TlsTrust =
  | { readonly kind: 'none' }
  | { readonly kind: 'ca-bundle'; readonly caBundle: string }
  | { readonly kind: 'cert-manager'; readonly issuer: IssuerRef };

/** ManifestOptions is everything the generators need; the CLI builds it from flags and files. */
export interface ManifestOptions {
  readonly crds: readonly LoadedCrd[];
  /** The documents of the --policies files, shipped in the ConfigMap and read for DELETE rules. */
  readonly policyDocuments: readonly ManifestDocument[];
  readonly namespace: string;
  readonly service: string;
  readonly trust: TlsTrust;
  /** Base URL of a webhook outside the cluster; the endpoints' paths are appended. */
  readonly url?: string;
  readonly image: string;
  readonly replicas: number;
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly timeoutSeconds: number;
  readonly webhooksOnly: boolean;
}

/** ObjectNames are the names of the generated objects, derived from the service name. */
export interface ObjectNames {
  readonly configurations: string;
  readonly serviceAccount: string;
  readonly configMap: string;
  readonly tlsSecret: string;
  readonly certificate: string;
  readonly issuer: string;
}

/** objectNames derives every object name from --service, so two installs differ by one flag. */
export function objectNames(opts: Pick<ManifestOptions, 'service'>): ObjectNames {
  const s = opts.service;
  return {
    configurations: s,
    serviceAccount: s,
    configMap: `${s}-config`,
    tlsSecret: `${s}-tls`,
    certificate: `${s}-serving`,
    issuer: `${s}-selfsigned`,
  };
}

/** selectorLabels are the labels the Service, PDB and NetworkPolicy select the pods by. */
export function selectorLabels(opts: Pick<ManifestOptions, 'service'>): Record<string, string> {
  return { 'app.kubernetes.io/name': APP_NAME, 'app.kubernetes.io/instance': opts.service };
}

/** commonLabels are put on every generated object. */
export function commonLabels(opts: Pick<ManifestOptions, 'service'>): Record<string, string> {
  return { ...selectorLabels(opts), 'app.kubernetes.io/component': 'admission-webhook' };
}
