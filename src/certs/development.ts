import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CERT_FILE_NAMES, issueCertificates } from './files.js';
import { checkKeyPair, isCurrentlyValid } from './inspect.js';
import { localSans } from './sans.js';

/** DevelopmentCertificates are the files `serve` uses when no --tls-cert/--tls-key is given. */
export interface DevelopmentCertificates {
  readonly certPath: string;
  readonly keyPath: string;
  readonly caCertPath: string;
  /** True when this call created or re-issued them. */
  readonly created: boolean;
}

/** DEVELOPMENT_DAYS is how long development serving certificates last before serve re-issues them. */
const DEVELOPMENT_DAYS = 365;

async function usablePair(certPath: string, keyPath: string): Promise<boolean> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath), readFile(keyPath)]);
    const check = checkKeyPair(cert, key);
    return check.ok && isCurrentlyValid(check.info) && check.info.dnsNames.includes('localhost');
  } catch {
    return false;
  }
}

/**
 * ensureDevelopmentCertificates reuses the serving pair in `dir` when it is
 * valid for localhost, and otherwise issues one (reusing the CA there, or
 * creating it), so `curl --cacert certs/ca.crt https://localhost:8443` works.
 */
export async function ensureDevelopmentCertificates(dir: string): Promise<DevelopmentCertificates> {
  const certPath = join(dir, CERT_FILE_NAMES.cert);
  const keyPath = join(dir, CERT_FILE_NAMES.key);
  const caCertPath = join(dir, CERT_FILE_NAMES.caCert);
  if (await usablePair(certPath, keyPath)) return { certPath, keyPath, caCertPath, created: false };
  await issueCertificates({ dir, sans: localSans(), days: DEVELOPMENT_DAYS, caCommonName: 'crd-admission development CA' });
  return { certPath, keyPath, caCertPath, created: true };
}
