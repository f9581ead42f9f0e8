import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ReviewedEvent } from '../server/types.js';
import type { AdmissionMetrics, ReviewObservation } from './metrics.js';

/** ADMISSION_PATHS are the routes whose refusals count as bad requests. */
const ADMISSION_PATHS: ReadonlyMap<string | undefined, string> = new Map([
  ['/validate', 'validate'],
  ['/mutate', 'mutate'],
]);

/** resourceLabel is `group/version/resource` for resources a loaded CRD describes, `unknown` otherwise (bounded). */
function resourceLabel(event: ReviewedEvent): string {
  if (event.unknownResource) return 'unknown';
  const { group, version, resource } = event.review.request.resource;
  return group ? `${group}/${version}/${resource}` : `${version}/${resource}`;
}

/** reviewObservation turns an answered review into what the metrics count. */
export function reviewObservation(event: ReviewedEvent): ReviewObservation {
  const { response } = event.response;
  let decision: ReviewObservation['decision'];
  if (!response.allowed) decision = (response.status?.code ?? 403) >= 500 ? 'error' : 'denied';
  else decision = response.patch !== undefined ? 'patched' : 'allowed';
  return {
    endpoint: event.endpoint,
    resource: resourceLabel(event),
    operation: event.review.request.operation,
    decision,
    seconds: event.durationMs / 1000,
    ...(event.counts ? { counts: event.counts } : {}),
  };
}

/** MetricsRoutesOptions say which metrics to feed and whether GET /metrics is served here. */
export interface MetricsRoutesOptions {
  readonly metrics: AdmissionMetrics;
  /** Serve GET /metrics on this server (false when a separate --metrics-port serves it). */
  readonly serveEndpoint: boolean;
}

/**
 * metricsRoutes counts refused admission requests (4xx/5xx before a review
 * was judged) and serves GET /metrics. Its hook applies to the whole server,
 * so register it before the admission routes.
 */
const metricsRoutesPlugin: FastifyPluginAsync<MetricsRoutesOptions> = async (app: FastifyInstance, options: MetricsRoutesOptions) => {
  const { metrics } = options;
  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode >= 400) {
      const endpoint = ADMISSION_PATHS.get(request.routeOptions.url);
      if (endpoint) metrics.observeBadRequest(endpoint, reply.statusCode);
    }
    done();
  });
  if (options.serveEndpoint) {
    app.get('/metrics', async (_request, reply) => {
      void reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  }
};
// Not encapsulated: the refusal hook must see the admission routes registered next to it.
(metricsRoutesPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/** metricsRoutes is the fastify plugin; see metricsRoutesPlugin. */
export const metricsRoutes = metricsRoutesPlugin;
