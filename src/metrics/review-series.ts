import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** ReviewLabels name one series of answered reviews. */
export interface ReviewLabels {
  readonly endpoint: string;
  readonly resource: string;
  readonly operation: string;
  readonly decision: string;
}

interface Tally {
  readonly labels: ReviewLabels;
  count: number;
}

interface LatencyTally {
  readonly labels: { readonly endpoint: string; readonly resource: string };
  /** Per-bucket (not cumulative) counts; the last slot is +Inf. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

type Values = Awaited<ReturnType<Counter['get']>>['values'];
/** HistogramSample is one line of the histogram as prom-client's registry formats it (labels of the line, then the series' shared labels). */
interface HistogramSample {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly sharedLabels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly metricName: string;
}

/**
 * ReviewSeries counts answered reviews and their latency in plain maps and
 * arrays, and hands prom-client the totals when it is scraped: prom-client's
 * own inc/observe validate and hash the label object on every call (~2 µs a
 * review here), while a review needs only a string key and two additions.
 */
export class ReviewSeries {
  readonly #tallies = new Map<string, Tally>();
  readonly #latencies = new Map<string, LatencyTally>();

  constructor(
    private readonly bounds: readonly number[],
    readonly names: { readonly requests: string; readonly latency: string },
  ) {}

  /** observe records one answered review. */
  observe(labels: ReviewLabels, seconds: number): void {
    const resourceKey = `${labels.endpoint} ${labels.resource}`;
    const key = `${resourceKey} ${labels.operation} ${labels.decision}`;
    let tally = this.#tallies.get(key);
    if (tally === undefined) {
      tally = { labels: { endpoint: labels.endpoint, resource: labels.resource, operation: labels.operation, decision: labels.decision }, count: 0 };
      this.#tallies.set(key, tally);
    }
    tally.count++;
    let latency = this.#latencies.get(resourceKey);
    if (latency === undefined) {
      latency = { labels: { endpoint: labels.endpoint, resource: labels.resource }, buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.#latencies.set(resourceKey, latency);
    }
    let slot = 0;
    while (slot < this.bounds.length && seconds > (this.bounds[slot] as number)) slot++;
    latency.buckets[slot] = (latency.buckets[slot] as number) + 1;
    latency.sum += seconds;
    latency.count++;
  }

  /** requestValues are the counter's samples, one per label set. */
  requestValues(): Values {
    return [...this.#tallies.values()].map((tally) => ({ labels: { ...tally.labels }, value: tally.count }));
  }

  /** latencyValues are the histogram's samples in prom-client's form: cumulative buckets, +Inf, sum, count. */
  latencyValues(): HistogramSample[] {
    const name = this.names.latency;
    const values: HistogramSample[] = [];
    for (const tally of this.#latencies.values()) {
      const sharedLabels = tally.labels;
      let cumulative = 0;
      this.bounds.forEach((bound, slot) => {
        cumulative += tally.buckets[slot] as number;
        values.push({ labels: { le: bound }, sharedLabels, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels, value: tally.count, metricName: `${name}_bucket` });
      values.push({ labels: {}, sharedLabels, value: tally.sum, metricName: `${name}_sum` });
      values.push({ labels: {}, sharedLabels, value: tally.count, metricName: `${name}_count` });
    }
    return values;
  }

  /** register adds the counter and histogram, fed from this series, to a registry. */
  register(registry: Registry, help: { readonly requests: string; readonly latency: string }): void {
    const series = this;
    registry.registerMetric(new (class extends Counter<keyof ReviewLabels> {
      override async get() {
        return { ...(await super.get()), values: series.requestValues() };
      }
    })({ name: this.names.requests, help: help.requests, labelNames: ['endpoint', 'resource', 'operation', 'decision'], registers: [] }));
    registry.registerMetric(new (class extends Histogram<'endpoint' | 'resource'> {
      // prom-client's Histogram builds both its text (registry.metrics) and get() from this method.
      async getForPromString() {
        return { name: series.names.latency, help: help.latency, type: 'histogram', aggregator: 'sum', values: series.latencyValues() };
      }
    })({ name: this.names.latency, help: help.latency, labelNames: ['endpoint', 'resource'], buckets: [...this.bounds], registers: [] }));
  }
}
