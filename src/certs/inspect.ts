import { X509Certificate, createPrivateKey } from 'node:crypto';

/** CertificateInfo is what readiness checks and tests need to know about a certificate. */
export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly fingerprint256: string;
}

function splitSubjectAltName(text: string | undefined): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const entry of (text ?? '').split(/,\s*/)) {
    if (entry.startsWith('DNS:')) dnsNames.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) ipAddresses.push(entry.slice(11));
  }
  return { dnsNames, ipAddresses };
}

/** inspectCertificate parses the first certificate of a PEM text; it throws if it is not one. */
export function inspectCertificate(pem: string | Buffer): CertificateInfo {
  const cert = new X509Certificate(pem);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    isCa: cert.ca,
    ...splitSubjectAltName(cert.subjectAltName),
    fingerprint256: cert.fingerprint256,
  };
}

/** isCurrentlyValid says whether a certificate's validity window contains the given instant. */
export function isCurrentlyValid(info: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, now: Date = new Date()): boolean {
  return info.notBefore.getTime() <= now.getTime() && now.getTime() < info.notAfter.getTime();
}

/** KeyPairCheck is the outcome of checking a certificate and key that are to be served together. */
export type KeyPairCheck =
  | { readonly ok: true; readonly info: CertificateInfo }
  | { readonly ok: false; readonly problem: string };

/**
 * checkKeyPair parses a certificate and a private key and verifies that the
 * key belongs to the certificate: what must hold before a pair is served.
 */
export function checkKeyPair(certPem: string | Buffer, keyPem: string | Buffer): KeyPairCheck {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (error) {
    return { ok: false, problem: `certificate does not parse: ${(error as Error).message}` };
  }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) {
      return { ok: false, problem: 'private key does not match the certificate' };
    }
  } catch (error) {
    return { ok: false, problem: `private key does not parse: ${(error as Error).message}` };
  }
  return { ok: true, info: inspectCertificate(certPem) };
}
