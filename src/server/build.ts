import type { Server } from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { checkKeyPair } from '../certs/inspect.js';
import { MAX_REVIEW_BYTES, admissionRoutes } from './admission-routes.js';
import { health } from './health.js';
import { HttpProblem } from './http-error.js';
import { ServingCertificate, tlsReload } from './tls-reload.js';
import type { ConfigurationSource, KeyPair, KeyPairSource, ReviewedEvent } from './types.js';

/** ServerTls is the serving pair and, optionally, the CA client certificates must chain to. */
export interface ServerTls extends KeyPair {
  /** When set, clients must present a certificate signed by this CA (PEM). */
  readonly clientCa?: string | Buffer;
}

/** ServerOptions is everything the server uses; it reads no files and no environment itself. */
export interface ServerOptions {
  readonly tls: ServerTls;
  readonly logger: Logger;
  readonly configuration: ConfigurationSource;
  /** Called after each review's reply is sent; its failures are logged, never sent. */
  readonly onReviewed?: (event: ReviewedEvent) => void;
  /** New serving pairs (certificate rotation); without it the first pair serves for ever. */
  readonly keyPairUpdates?: KeyPairSource;
  /** True once shutdown has begun: /readyz fails and every response closes its connection. */
  readonly isDraining?: () => boolean;
}

/** WebhookServer is the fastify instance over HTTPS. */
export type WebhookServer = FastifyInstance<Server>;

function baseContext(tls: ServerTls): SecureContextOptions {
  return { minVersion: 'TLSv1.2', ...(tls.clientCa !== undefined ? { ca: tls.clientCa } : {}) };
}

/**
 * buildServer assembles the HTTPS webhook: admission routes, health, and
 * certificate reload, each an encapsulated plugin. It throws if the initial
 * key pair does not parse or does not match.
 */
export async function buildServer(options: ServerOptions): Promise<WebhookServer> {
  const check = checkKeyPair(options.tls.cert, options.tls.key);
  if (!check.ok) throw new Error(`serving certificate: ${check.problem}`);
  const serving = new ServingCertificate(check.info);
  const context = baseContext(options.tls);
  const requireClientCert = options.tls.clientCa !== undefined;
  const app = fastify({
    https: { ...context, cert: options.tls.cert, key: options.tls.key, requestCert: requireClientCert, rejectUnauthorized: requireClientCert },
    loggerInstance: options.logger,
    // The per-review line is the log; fastify's own request/response lines would double it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_REVIEW_BYTES,
    // During shutdown, requests that arrive on open connections are still answered (with Connection: close).
    return503OnClosing: false,
  }) as unknown as WebhookServer;
  const isDraining = options.isDraining;
  if (isDraining) {
    // While shutting down, each connection is closed after its current answer, so clients reconnect elsewhere.
    app.addHook('onRequest', async (_request, reply) => {
      if (isDraining()) void reply.header('connection', 'close');
    });
  }
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(new HttpProblem(404, 'NotFound', `no route ${request.method} ${request.url.split('?')[0]}; use POST /validate or POST /mutate`).toBody());
  });
  await app.register(admissionRoutes, { configuration: options.configuration, ...(options.onReviewed ? { onReviewed: options.onReviewed } : {}) });
  await app.register(health, { configuration: options.configuration, serving, ...(options.isDraining ? { isDraining: options.isDraining } : {}) });
  if (options.keyPairUpdates) await app.register(tlsReload, { source: options.keyPairUpdates, serving, baseContext: context });
  return app;
}
