import type { ICertificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import type { IIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import type { IssuerRef, ManifestOptions } from './options.js';
import { commonLabels, objectNames } from './options.js';

/** serviceDnsNames are the names a client may use for the Service; the apiserver checks `<svc>.<ns>.svc`. */
export function serviceDnsNames(opts: Pick<ManifestOptions, 'service' | 'namespace'>): string[] {
  const { service: s, namespace: ns } = opts;
  return [s, `${s}.${ns}`, `${s}.${ns}.svc`, `${s}.${ns}.svc.cluster.local`];
}

/** selfSignedIssuer is the Issuer `--cert-manager self-signed` creates in the webhook's namespace. */
export function selfSignedIssuer(opts: ManifestOptions): IIssuer {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: { name: objectNames(opts).issuer, namespace: opts.namespace, labels: commonLabels(opts) },
    spec: { selfSigned: {} },
  };
}

function issuerRef(opts: ManifestOptions, issuer: IssuerRef): { name: string; kind: string; group: string } {
  if (issuer.kind === 'self-signed') return { name: objectNames(opts).issuer, kind: 'Issuer', group: 'cert-manager.io' };
  return { name: issuer.name, kind: issuer.kind, group: 'cert-manager.io' };
}

/**
 * certificate asks cert-manager for the serving certificate, written to the
 * Secret the Deployment mounts; its CA reaches the webhook configurations
 * through the cainjector's `inject-ca-from` annotation. RSA keeps the
 * certificate readable by every TLS stack; the key is rotated with each renewal.
 */
export function certificate(opts: ManifestOptions, issuer: IssuerRef): ICertificate {
  const names = objectNames(opts);
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: names.certificate, namespace: opts.namespace, labels: commonLabels(opts) },
    spec: {
      secretName: names.tlsSecret,
      dnsNames: serviceDnsNames(opts),
      issuerRef: issuerRef(opts, issuer),
      privateKey: { algorithm: 'RSA', size: 2048, rotationPolicy: 'Always' },
      usages: ['digital signature', 'key encipherment', 'server auth'],
    },
  };
}
