import type { Server } from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { checkKeyPair } from '../certs/inspect.js';
import type { AdmissionMetrics } from '../metrics/metrics.js';
import { metricsRoutes, reviewObservation } from '../metrics/routes.js';
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
  /** Metrics fed by this server; GET /metrics is served here unless metricsEndpoint is false. */
  readonly metrics?: AdmissionMetrics;
  /** False when a separate plain-HTTP port serves /metrics (serve --metrics-port). */
  readonly metricsEndpoint?: boolean;
  /** Bounds on slow clients (slowloris); defaults in DEFAULT_TIMEOUTS. */
  readonly timeouts?: Partial<ServerTimeouts>;
}

/** ServerTimeouts bound how long a client may take, so slow senders cannot hold connections. */
export interface ServerTimeouts {
  /** TLS handshake must complete within this. */
  readonly handshakeMs: number;
  /** The request headers must have arrived within this (from the connection or the previous answer). */
  readonly headersMs: number;
  /** The whole request, body included, must have arrived within this (the apiserver's maximum webhook timeout is 30 s). */
  readonly requestMs: number;
  /** How often open connections are checked against headersMs and requestMs. */
  readonly checkIntervalMs: number;
}

/** DEFAULT_TIMEOUTS are generous for an apiserver on a healthy network and short for a slowloris. */
export const DEFAULT_TIMEOUTS: ServerTimeouts = { handshakeMs: 10_000, headersMs: 10_000, requestMs: 30_000, checkIntervalMs: 1_000 };

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
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const app = fastify({
    https: {
      ...context, cert: options.tls.cert, key: options.tls.key, requestCert: requireClientCert, rejectUnauthorized: requireClientCert,
      handshakeTimeout: timeouts.handshakeMs,
      // node:https reads these http.Server options at creation (the check interval cannot be changed later).
      ...({ headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkIntervalMs } as object),
    },
    requestTimeout: timeouts.requestMs,
    loggerInstance: options.logger,
    // The per-review line is the log; fastify's own request/response lines would double it.
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger (a pino child per request is measurable here): the review line carries the uid.
    childLoggerFactory: (logger) => logger,
    bodyLimit: MAX_REVIEW_BYTES,
    // During shutdown, requests that arrive on open connections are still answered (with Connection: close).
    return503OnClosing: false,
  }) as unknown as WebhookServer;
  const isDraining = options.isDraining;
  if (isDraining) {
    // While shutting down, each connection is closed after its current answer, so clients reconnect elsewhere.
    app.addHook('onRequest', (_request, reply, done) => {
      if (isDraining()) void reply.header('connection', 'close');
      done();
    });
  }
  app.server.headersTimeout = timeouts.headersMs;
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(new HttpProblem(404, 'NotFound', `no route ${request.method} ${request.url.split('?')[0]}; use POST /validate or POST /mutate`).toBody());
  });
  if (options.metrics) {
    options.metrics.trackCertificate(() => serving.current().notAfter);
    await app.register(metricsRoutes, { metrics: options.metrics, serveEndpoint: options.metricsEndpoint ?? true });
  }
  const onReviewed = reviewedHook(options);
  await app.register(admissionRoutes, { configuration: options.configuration, ...(onReviewed ? { onReviewed } : {}) });
  await app.register(health, { configuration: options.configuration, serving, ...(options.isDraining ? { isDraining: options.isDraining } : {}) });
  if (options.keyPairUpdates) await app.register(tlsReload, { source: options.keyPairUpdates, serving, baseContext: context });
  return app;
}

/** reviewedHook feeds the metrics, then the caller's hook, after each answered review. */
function reviewedHook(options: ServerOptions): ServerOptions['onReviewed'] {
  const { metrics, onReviewed } = options;
  if (!metrics) return onReviewed;
  return (event) => {
    metrics.observeReview(reviewObservation(event));
    onReviewed?.(event);
  };
}
