import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsaKeyPair = promisify(generateKeyPair);

/** CertificateAuthority is a CA certificate and its private key, both PEM. */
export interface CertificateAuthority {
  readonly certPem: string;
  readonly keyPem: string;
}

/** ServingCertificate is an issued certificate (serving or client) and its private key, both PEM. */
export interface ServingCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** CaOptions describe the CA to generate. */
export interface CaOptions {
  readonly commonName: string;
  readonly days: number;
}

/** ServingCertOptions describe the serving certificate to issue under a CA. */
export interface ServingCertOptions {
  readonly ca: CertificateAuthority;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly days: number;
}

// Certificates are backdated a little so a node with a slightly late clock accepts them at once.
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * newRsaKey makes an RSA 2048 key with Node's native crypto (on the libuv pool,
 * about 100 ms) and hands it to forge: forge's pure-JS generator is no faster
 * and blocks or needs web workers.
 */
async function newRsaKey(): Promise<forge.pki.rsa.KeyPair> {
  const { privateKey } = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/** A positive random 128-bit serial, as RFC 5280 asks (at most 20 octets, non-negative). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function newCertificate(publicKey: forge.pki.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now + days * DAY_MS);
  return cert;
}

/** generateCa makes a self-signed CA (RSA 2048, SHA-256) that may only sign certificates. */
export async function generateCa(options: CaOptions): Promise<CertificateAuthority> {
  const keys = await newRsaKey();
  const cert = newCertificate(keys.publicKey, options.days);
  const subject = [{ name: 'commonName', value: options.commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** ClientCertOptions describe a client certificate (e.g. for an apiserver that presents one to webhooks). */
export interface ClientCertOptions {
  readonly ca: CertificateAuthority;
  readonly commonName: string;
  readonly days: number;
}

type Extension = Record<string, unknown>;

/** issueLeaf signs a new end-entity certificate with the CA: the common part of server and client certificates. */
async function issueLeaf(ca: CertificateAuthority, commonName: string, days: number, extensions: readonly Extension[]): Promise<ServingCertificate> {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = await newRsaKey();
  const cert = newCertificate(keys.publicKey, days);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ...extensions,
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

/**
 * generateServingCert issues a TLS server certificate (serverAuth) under the
 * CA, with the DNS and IP subject alternative names the client will check.
 */
export async function generateServingCert(options: ServingCertOptions): Promise<ServingCertificate> {
  const commonName = options.dnsNames[0] ?? options.ipAddresses[0] ?? 'crd-admission';
  return issueLeaf(options.ca, commonName, options.days, [
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...options.dnsNames.map((value) => ({ type: 2, value })),
        ...options.ipAddresses.map((ip) => ({ type: 7, ip })),
      ],
    },
  ]);
}

/** generateClientCert issues a TLS client certificate (clientAuth) under the CA. */
export async function generateClientCert(options: ClientCertOptions): Promise<ServingCertificate> {
  return issueLeaf(options.ca, options.commonName, options.days, [{ name: 'extKeyUsage', clientAuth: true }]);
}
