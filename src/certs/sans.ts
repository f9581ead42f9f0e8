import { isIP } from 'node:net';

/** SubjectAltNames are the DNS names and IP addresses a serving certificate is valid for. */
export interface SubjectAltNames {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

/** LOCAL_DNS and LOCAL_IPS let the certificate be used from the same machine (curl, tests, port-forward). */
const LOCAL_DNS = ['localhost'];
const LOCAL_IPS = ['127.0.0.1'];

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** splitHosts sorts extra --host values into IP addresses and DNS names. */
export function splitHosts(hosts: readonly string[]): SubjectAltNames {
  return {
    dnsNames: unique(hosts.filter((h) => isIP(h) === 0)),
    ipAddresses: unique(hosts.filter((h) => isIP(h) !== 0)),
  };
}

/**
 * serviceSans lists the names the apiserver may dial a webhook Service by
 * (it verifies `<service>.<namespace>.svc`), plus localhost and extra hosts.
 */
export function serviceSans(service: string, namespace: string, extraHosts: readonly string[] = []): SubjectAltNames {
  const extra = splitHosts(extraHosts);
  return {
    dnsNames: unique([
      service,
      `${service}.${namespace}`,
      `${service}.${namespace}.svc`,
      `${service}.${namespace}.svc.cluster.local`,
      ...LOCAL_DNS,
      ...extra.dnsNames,
    ]),
    ipAddresses: unique([...LOCAL_IPS, ...extra.ipAddresses]),
  };
}

/** localSans are the names of development certificates: localhost only, plus extra hosts. */
export function localSans(extraHosts: readonly string[] = []): SubjectAltNames {
  const extra = splitHosts(extraHosts);
  return { dnsNames: unique([...LOCAL_DNS, ...extra.dnsNames]), ipAddresses: unique([...LOCAL_IPS, ...extra.ipAddresses]) };
}
