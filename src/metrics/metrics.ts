import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { PipelineCounts } from '../admission/decision.js';
import { ReviewSeries } from './review-series.js';

/**
 * LATENCY_BUCKETS resolve sub-millisecond admission times and include the
 * apiserver's own webhook latency buckets (0.005 … 25 s).
 */
export const LATENCY_BUCKETS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 25,
];

/** ReviewObservation is one answered review, as metrics see it. */
export interface ReviewObservation {
  readonly endpoint: 'validate' | 'mutate';
  /** `resource.group/version`, or `unknown` for resources no CRD describes (bounded label set). */
  readonly resource: string;
  readonly operation: string;
  readonly decision: 'allowed' | 'denied' | 'patched' | 'error';
  readonly seconds: number;
  readonly counts?: PipelineCounts;
}

/** AdmissionMetrics is the set of metrics operators watch; labels are bounded by the loaded CRDs. */
export interface AdmissionMetrics {
  readonly registry: Registry;
  observeReview(observation: ReviewObservation): void;
  /** observeBadRequest counts a request answered with an HTTP error (400, 413, 415...). */
  observeBadRequest(endpoint: string, statusCode: number): void;
  setCertificateNotAfter(notAfter: Date): void;
  /** trackCertificate reads the serving certificate's notAfter at each scrape (follows reloads). */
  trackCertificate(notAfter: () => Date): void;
  observeConfigReload(success: boolean): void;
}

/** createMetrics builds a fresh registry (one per server, so tests do not share state). */
export function createMetrics(options: { readonly defaultMetrics?: boolean } = {}): AdmissionMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'crd_admission_' });
  const reviews = new ReviewSeries(LATENCY_BUCKETS, { requests: 'crd_admission_requests_total', latency: 'crd_admission_request_duration_seconds' });
  reviews.register(registry, {
    requests: 'Admission reviews answered, by endpoint, resource, operation and decision.',
    latency: 'Time from a decoded review to its encoded answer.',
  });
  const badRequests = new Counter({
    name: 'crd_admission_bad_requests_total',
    help: 'Requests refused before admission (malformed, oversized, wrong content type).',
    labelNames: ['endpoint', 'code'] as const,
    registers: [registry],
  });
  const ratcheted = new Counter({
    name: 'crd_admission_ratcheted_errors_total',
    help: 'Validation errors dropped (schema) or turned into warnings (CEL) by ratcheting.',
    labelNames: ['resource'] as const,
    registers: [registry],
  });
  const ruleErrors = new Counter({
    name: 'crd_admission_rule_evaluation_errors_total',
    help: 'CEL expressions and TypeScript rules that failed to evaluate.',
    labelNames: ['resource'] as const,
    registers: [registry],
  });
  const costLimit = new Counter({
    name: 'crd_admission_cost_limit_exceeded_total',
    help: 'Rule evaluations stopped by the cost or time budget.',
    labelNames: ['resource'] as const,
    registers: [registry],
  });
  let certificateNotAfter: (() => Date) | undefined;
  const certificateExpiry = new Gauge({
    name: 'crd_admission_serving_certificate_expiry_timestamp_seconds',
    help: 'notAfter of the serving certificate currently in use, as a Unix time.',
    registers: [registry],
    collect() {
      if (certificateNotAfter) this.set(certificateNotAfter().getTime() / 1000);
    },
  });
  const reloads = new Counter({
    name: 'crd_admission_config_reloads_total',
    help: 'Configuration reloads, by result.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return {
    registry,
    observeReview(o) {
      reviews.observe(o, o.seconds);
      const counts = o.counts;
      if (!counts) return;
      if (counts.ratchetedErrors) ratcheted.inc({ resource: o.resource }, counts.ratchetedErrors);
      if (counts.ruleErrors) ruleErrors.inc({ resource: o.resource }, counts.ruleErrors);
      if (counts.costLimitHits) costLimit.inc({ resource: o.resource }, counts.costLimitHits);
    },
    observeBadRequest(endpoint, statusCode) {
      badRequests.inc({ endpoint, code: String(statusCode) });
    },
    setCertificateNotAfter(notAfter) {
      certificateExpiry.set(notAfter.getTime() / 1000);
    },
    trackCertificate(notAfter) {
      certificateNotAfter = notAfter;
    },
    observeConfigReload(success) {
      reloads.inc({ result: success ? 'success' : 'failure' });
    },
  };
}
