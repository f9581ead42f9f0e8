import type { Server } from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import type { CertificateInfo } from '../certs/inspect.js';
import { checkKeyPair } from '../certs/inspect.js';
import type { KeyPair, KeyPairSource } from './types.js';

/** ServingCertificate holds what is known about the certificate new connections get. */
export class ServingCertificate {
  #info: CertificateInfo;

  constructor(info: CertificateInfo) {
    this.#info = info;
  }

  /** current is the certificate served to new TLS connections. */
  current(): CertificateInfo {
    return this.#info;
  }

  /** replace records a certificate that has just been put in service. */
  replace(info: CertificateInfo): void {
    this.#info = info;
  }
}

/** TlsReloadOptions connect a source of key pairs to the server's TLS context. */
export interface TlsReloadOptions {
  readonly source: KeyPairSource;
  readonly serving: ServingCertificate;
  /** Everything else in the secure context (client CA, TLS versions), kept across reloads. */
  readonly baseContext: SecureContextOptions;
}

/**
 * tlsReload swaps the server's certificate when the source announces a new
 * pair: only after the pair parses and the key matches the certificate.
 * setSecureContext affects new handshakes only, so in-flight requests and
 * open connections carry on; a bad pair is logged and the old one stays.
 */
export async function tlsReload(app: FastifyInstance<Server>, options: TlsReloadOptions): Promise<void> {
  options.source.onChange((pair: KeyPair) => {
    const check = checkKeyPair(pair.cert, pair.key);
    if (!check.ok) {
      app.log.error({ problem: check.problem, serial: options.serving.current().serialNumber }, 'new serving certificate refused; keeping the current one');
      return;
    }
    if (check.info.fingerprint256 === options.serving.current().fingerprint256) return;
    try {
      app.server.setSecureContext({ ...options.baseContext, cert: pair.cert, key: pair.key });
    } catch (error) {
      app.log.error({ err: error }, 'new serving certificate refused by TLS; keeping the current one');
      return;
    }
    options.serving.replace(check.info);
    app.log.info({ serial: check.info.serialNumber, notAfter: check.info.notAfter.toISOString(), dnsNames: check.info.dnsNames }, 'serving certificate reloaded');
  });
}
