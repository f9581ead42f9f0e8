// Throughput and latency of the HTTPS webhook over keep-alive connections.
// Run after `npm run build`: node bench/server.mjs [requests] [concurrency]
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { issueCertificates } from '../dist/certs/files.js';
import { localSans } from '../dist/certs/sans.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../dist/config/load.js';
import { buildServer } from '../dist/server/build.js';

const total = Number(process.argv[2] ?? 5000);
const concurrency = Number(process.argv[3] ?? 16);

const keyStart = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'crd-admission-bench-'));
const issued = await issueCertificates({ dir, sans: localSans(), days: 1, caCommonName: 'bench CA' });
console.log(`certificates (CA + serving, 2 RSA 2048 keys): ${(performance.now() - keyStart).toFixed(0)} ms`);

const configuration = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
const app = await buildServer({
  tls: { cert: readFileSync(issued.certPath), key: readFileSync(issued.keyPath) },
  logger: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })),
  configuration: { current: () => configuration },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const port = app.server.address().port;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: readFileSync(issued.caCertPath) });

function post(path, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', servername: 'localhost', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(label, path, fixture) {
  const body = readFileSync(new URL(`../test/fixtures/reviews/${fixture}`, import.meta.url));
  for (let i = 0; i < 200; i++) await post(path, body); // warm-up
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) latencies.push(await post(path, body));
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  console.log(`${label.padEnd(34)} ${(total / seconds).toFixed(0).padStart(6)} req/s   p50 ${at(0.5)} ms   p99 ${at(0.99)} ms`);
}

console.log(`${total} requests per case, concurrency ${concurrency}, node ${process.version}`);
await run('POST /validate CronTab UPDATE', '/validate', 'crontab-update-v1.json');
await run('POST /mutate WebApp CREATE', '/mutate', 'webapp-create-v1.json');
await run('POST /validate unknown resource', '/validate', 'unknown-resource-v1.json');
agent.destroy();
await app.close();
