import type { FastifyInstance } from 'fastify';
import { isCurrentlyValid } from '../certs/inspect.js';
import type { ServingCertificate } from './tls-reload.js';
import type { ConfigurationSource } from './types.js';

/** HealthOptions are what readiness depends on. */
export interface HealthOptions {
  readonly configuration: ConfigurationSource;
  readonly serving: ServingCertificate;
  /** The clock, for tests of expiry; defaults to now. */
  readonly now?: () => Date;
  /** True once shutdown has begun. */
  readonly isDraining?: () => boolean;
}

/** readinessProblems lists why the server should not receive reviews; empty when ready. */
export function readinessProblems(options: HealthOptions): string[] {
  const problems: string[] = [];
  if (options.isDraining?.()) problems.push('shutting down');
  try {
    options.configuration.current();
  } catch (error) {
    problems.push(`configuration not loaded: ${(error as Error).message}`);
  }
  const certificate = options.serving.current();
  const now = options.now?.() ?? new Date();
  if (!isCurrentlyValid(certificate, now)) {
    problems.push(`serving certificate is not valid now (valid ${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()})`);
  }
  return problems;
}

/**
 * health serves GET /healthz (the process answers) and GET /readyz
 * (configuration loaded and the serving certificate currently valid).
 */
export async function health(app: FastifyInstance, options: HealthOptions): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const problems = readinessProblems(options);
    if (problems.length > 0) return reply.code(503).send({ status: 'not ready', problems });
    const certificate = options.serving.current();
    return { status: 'ready', certificateNotAfter: certificate.notAfter.toISOString() };
  });
}
