import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ReviewSeries } from '../../src/metrics/review-series.js';

const names = { requests: 'reviews_total', latency: 'review_seconds' };
const help = { requests: 'Reviews.', latency: 'Latency.' };

function seriesIn(registry: Registry): ReviewSeries {
  const series = new ReviewSeries([0.001, 0.01], names);
  series.register(registry, help);
  return series;
}

const line = (text: string, prefix: string): string | undefined => text.split('\n').find((l) => l.startsWith(prefix));

describe('ReviewSeries', () => {
  it('counts reviews per label set and exposes them as a Prometheus counter', async () => {
    const registry = new Registry();
    const series = seriesIn(registry);
    const validate = { endpoint: 'validate', resource: 'g/v1/things', operation: 'CREATE', decision: 'allowed' };
    series.observe(validate, 0.0005);
    series.observe(validate, 0.0005);
    series.observe({ ...validate, decision: 'denied' }, 0.0005);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE reviews_total counter');
    expect(line(text, 'reviews_total{endpoint="validate",resource="g/v1/things",operation="CREATE",decision="allowed"}')).toMatch(/ 2$/);
    expect(line(text, 'reviews_total{endpoint="validate",resource="g/v1/things",operation="CREATE",decision="denied"}')).toMatch(/ 1$/);
  });

  it('puts a latency equal to a bound in that bound\'s bucket, cumulatively, as prom-client does', async () => {
    const registry = new Registry();
    const series = seriesIn(registry);
    const labels = { endpoint: 'mutate', resource: 'g/v1/things', operation: 'CREATE', decision: 'patched' };
    for (const seconds of [0.001, 0.005, 0.02]) series.observe(labels, seconds);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE review_seconds histogram');
    expect(line(text, 'review_seconds_bucket{le="0.001",endpoint="mutate",resource="g/v1/things"}')).toMatch(/ 1$/);
    expect(line(text, 'review_seconds_bucket{le="0.01",endpoint="mutate",resource="g/v1/things"}')).toMatch(/ 2$/);
    expect(line(text, 'review_seconds_bucket{le="+Inf",endpoint="mutate",resource="g/v1/things"}')).toMatch(/ 3$/);
    expect(line(text, 'review_seconds_count{endpoint="mutate",resource="g/v1/things"}')).toMatch(/ 3$/);
    expect(Number(line(text, 'review_seconds_sum{endpoint="mutate",resource="g/v1/things"}')?.split(' ')[1])).toBeCloseTo(0.026, 9);
  });

  it('gives the same samples through getMetricsAsJSON', async () => {
    const registry = new Registry();
    seriesIn(registry).observe({ endpoint: 'validate', resource: 'r', operation: 'UPDATE', decision: 'allowed' }, 0.002);
    const [requests, latency] = await registry.getMetricsAsJSON();
    expect(requests?.values).toEqual([{ labels: { endpoint: 'validate', resource: 'r', operation: 'UPDATE', decision: 'allowed' }, value: 1 }]);
    expect(latency?.values).toContainEqual({ labels: { le: 0.01, endpoint: 'validate', resource: 'r' }, value: 1, metricName: 'review_seconds_bucket' });
  });
});
