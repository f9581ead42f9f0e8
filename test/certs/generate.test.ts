import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateAuthority } from '../../src/certs/generate.js';
import { generateCa, generateClientCert, generateServingCert } from '../../src/certs/generate.js';
import { checkKeyPair, inspectCertificate, isCurrentlyValid } from '../../src/certs/inspect.js';
import { serviceSans } from '../../src/certs/sans.js';

let ca: CertificateAuthority;

beforeAll(async () => {
  ca = await generateCa({ commonName: 'crd-admission CA for test', days: 3650 });
});

describe('generateCa', () => {
  it('makes a self-signed RSA 2048 SHA-256 CA that may sign certificates', () => {
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=crd-admission CA for test');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.toLegacyObject().ext_key_usage).toBeUndefined();
    expect(checkKeyPair(ca.certPem, ca.keyPem).ok).toBe(true);
  });

  it('is valid from a few minutes ago for the days asked', () => {
    const info = inspectCertificate(ca.certPem);
    expect(isCurrentlyValid(info)).toBe(true);
    const days = (info.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(3650);
  });
});

describe('generateServingCert', () => {
  it('issues a serverAuth certificate signed by the CA with the Service SANs', async () => {
    const sans = serviceSans('crd-admission', 'platform', ['webhook.example.com', '10.0.0.7']);
    const serving = await generateServingCert({ ca, ...sans, days: 90 });
    const cert = new X509Certificate(serving.certPem);
    expect(cert.ca).toBe(false);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    const info = inspectCertificate(serving.certPem);
    expect(info.dnsNames).toEqual([
      'crd-admission',
      'crd-admission.platform',
      'crd-admission.platform.svc',
      'crd-admission.platform.svc.cluster.local',
      'localhost',
      'webhook.example.com',
    ]);
    expect(info.ipAddresses).toEqual(['127.0.0.1', '10.0.0.7']);
    expect(cert.checkHost('crd-admission.platform.svc')).toBe('crd-admission.platform.svc');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(checkKeyPair(serving.certPem, serving.keyPem).ok).toBe(true);
  });

  it('gives each certificate a fresh serial', async () => {
    const sans = { dnsNames: ['localhost'], ipAddresses: [] };
    const [a, b] = await Promise.all([generateServingCert({ ca, ...sans, days: 1 }), generateServingCert({ ca, ...sans, days: 1 })]);
    expect(inspectCertificate(a.certPem).serialNumber).not.toBe(inspectCertificate(b.certPem).serialNumber);
  });
});

describe('generateClientCert', () => {
  it('issues a clientAuth certificate signed by the CA', async () => {
    const client = await generateClientCert({ ca, commonName: 'kube-apiserver', days: 1 });
    const cert = new X509Certificate(client.certPem);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
  });
});

describe('checkKeyPair', () => {
  it('says when the key belongs to another certificate', async () => {
    const other = await generateServingCert({ ca, dnsNames: ['localhost'], ipAddresses: [], days: 1 });
    expect(checkKeyPair(ca.certPem, other.keyPem)).toEqual({ ok: false, problem: 'private key does not match the certificate' });
  });

  it('says when the certificate does not parse', () => {
    const check = checkKeyPair('not a certificate', ca.keyPem);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toMatch(/^certificate does not parse/);
  });
});
