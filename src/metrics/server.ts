import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AdmissionMetrics } from './metrics.js';

/**
 * startMetricsServer serves GET /metrics over plain HTTP on its own port,
 * so Prometheus can scrape without trusting the webhook's CA. Anything else
 * is 404. It resolves once listening.
 */
export function startMetricsServer(metrics: AdmissionMetrics, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`),
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
