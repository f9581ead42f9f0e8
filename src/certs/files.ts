import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateAuthority } from './generate.js';
import { generateCa, generateServingCert } from './generate.js';
import { checkKeyPair, isCurrentlyValid } from './inspect.js';
import type { SubjectAltNames } from './sans.js';

/** CERT_FILE_NAMES are the file names inside a certificate directory, as in a kubernetes.io/tls Secret plus the CA. */
export const CERT_FILE_NAMES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  cert: 'tls.crt',
  key: 'tls.key',
} as const;

/** IssueOptions say where certificates go and what the serving certificate covers. */
export interface IssueOptions {
  readonly dir: string;
  readonly sans: SubjectAltNames;
  readonly days: number;
  /** Common name of a newly created CA. */
  readonly caCommonName: string;
}

/** IssuedCertificates tell where the files are and what to put in a webhook's caBundle. */
export interface IssuedCertificates {
  readonly caCertPath: string;
  readonly caKeyPath: string;
  readonly certPath: string;
  readonly keyPath: string;
  /** base64 of ca.crt: the value of clientConfig.caBundle. */
  readonly caBundle: string;
  readonly reusedCa: boolean;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * writeAtomically writes through a temporary file and a rename, so a server
 * watching the directory never reads half a file.
 */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, path);
}

/**
 * loadExistingCa returns the CA in the directory, or undefined when there is
 * none. A half-present, mismatched or expired CA is an error: replacing it
 * silently would change the caBundle every webhook configuration trusts.
 */
export async function loadExistingCa(dir: string): Promise<CertificateAuthority | undefined> {
  const caCertPath = join(dir, CERT_FILE_NAMES.caCert);
  const caKeyPath = join(dir, CERT_FILE_NAMES.caKey);
  const [certPem, keyPem] = await Promise.all([readIfExists(caCertPath), readIfExists(caKeyPath)]);
  if (certPem === undefined && keyPem === undefined) return undefined;
  if (certPem === undefined || keyPem === undefined) {
    const missing = certPem === undefined ? caCertPath : caKeyPath;
    throw new Error(`${missing} is missing but its pair exists; remove both to create a new CA`);
  }
  const check = checkKeyPair(certPem, keyPem);
  if (!check.ok) throw new Error(`${caCertPath}: ${check.problem}`);
  if (!check.info.isCa) throw new Error(`${caCertPath} is not a CA certificate`);
  if (!isCurrentlyValid(check.info)) {
    throw new Error(`${caCertPath} expired on ${check.info.notAfter.toISOString()}; remove ca.crt and ca.key to create a new CA`);
  }
  return { certPem, keyPem };
}

/**
 * issueCertificates writes ca.crt, ca.key, tls.crt and tls.key (keys mode
 * 0600). An existing CA is reused, so rotating the serving certificate keeps
 * the caBundle unchanged.
 */
export async function issueCertificates(options: IssueOptions): Promise<IssuedCertificates> {
  await mkdir(options.dir, { recursive: true });
  const existing = await loadExistingCa(options.dir);
  const ca = existing ?? (await generateCa({ commonName: options.caCommonName, days: Math.max(options.days, 3650) }));
  const serving = await generateServingCert({ ca, ...options.sans, days: options.days });
  const paths = {
    caCertPath: join(options.dir, CERT_FILE_NAMES.caCert),
    caKeyPath: join(options.dir, CERT_FILE_NAMES.caKey),
    certPath: join(options.dir, CERT_FILE_NAMES.cert),
    keyPath: join(options.dir, CERT_FILE_NAMES.key),
  };
  if (!existing) {
    await writeAtomically(paths.caKeyPath, ca.keyPem, 0o600);
    await writeAtomically(paths.caCertPath, ca.certPem, 0o644);
  }
  // Key first: a watcher that sees the new key with the old certificate finds a mismatch and waits for the pair.
  await writeAtomically(paths.keyPath, serving.keyPem, 0o600);
  await writeAtomically(paths.certPath, serving.certPem, 0o644);
  return { ...paths, caBundle: Buffer.from(ca.certPem).toString('base64'), reusedCa: existing !== undefined };
}
