import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateAuthority } from '../../src/certs/generate.js';
import { generateClientCert } from '../../src/certs/generate.js';
import type { IssuedCertificates } from '../../src/certs/files.js';
import { issueCertificates } from '../../src/certs/files.js';
import { localSans } from '../../src/certs/sans.js';

/** TestPki is a CA and a localhost serving pair written into a fresh temporary directory. */
export interface TestPki extends IssuedCertificates {
  readonly dir: string;
  readonly ca: CertificateAuthority;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** makeTempDir creates an empty temporary directory for one test. */
export function makeTempDir(prefix = 'crd-admission-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** createTestPki issues a CA and a serving certificate for localhost/127.0.0.1, as `serve` does for development. */
export async function createTestPki(dir?: string): Promise<TestPki> {
  const target = dir ?? (await makeTempDir());
  const issued = await issueCertificates({ dir: target, sans: localSans(), days: 30, caCommonName: 'crd-admission test CA' });
  return readPki(target, issued);
}

/** reissueServingCertificate rotates the serving pair in place under the same CA, as cert-manager would. */
export async function reissueServingCertificate(pki: TestPki): Promise<TestPki> {
  const issued = await issueCertificates({ dir: pki.dir, sans: localSans(), days: 30, caCommonName: 'unused' });
  return readPki(pki.dir, issued);
}

async function readPki(dir: string, issued: IssuedCertificates): Promise<TestPki> {
  const [caCertPem, caKeyPem, cert, key] = await Promise.all([
    readFile(issued.caCertPath, 'utf8'),
    readFile(issued.caKeyPath, 'utf8'),
    readFile(issued.certPath),
    readFile(issued.keyPath),
  ]);
  return { ...issued, dir, ca: { certPem: caCertPem, keyPem: caKeyPem }, cert, key };
}

/** clientCertificate issues a client certificate signed by the CA. */
export async function clientCertificate(ca: CertificateAuthority, commonName = 'kube-apiserver'): Promise<{ cert: string; key: string }> {
  const issued = await generateClientCert({ ca, commonName, days: 1 });
  return { cert: issued.certPem, key: issued.keyPem };
}
