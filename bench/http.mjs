// HTTP benchmark of issue 7: the no-op node:https baseline and crd-admission,
// side by side on one machine, driven by wrk in alternating rounds (medians).
// Usage: npm run bench -- [--duration 10] [--rounds 3] [--connections 10,50] [--size 3000]
//        npm run bench -- --soak 600      (10-minute memory run: RSS of both servers over time)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeReview } from './fixtures/make-review.mjs';
import { baselineArgs, cpuSeconds, crdAdmissionArgs, fastifyBaselineArgs, machine, makeCertificates, median, rssKiB, startServer, wrk } from './lib.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10,50' },
    size: { type: 'string', default: '3000' },
    soak: { type: 'string' },
    // Also drive a fastify server answering a fixed response: what the framework alone costs.
    fastify: { type: 'boolean', default: false },
    'server-cpu': { type: 'string', default: '0' },
    'wrk-cpu': { type: 'string', default: '1' },
  },
});
const duration = Number(values.duration);
const rounds = Number(values.rounds);
const connectionCounts = values.connections.split(',').map(Number);
const serverCpu = values['server-cpu'];
const wrkCpu = values['wrk-cpu'];

const work = mkdtempSync(join(tmpdir(), 'crd-admission-bench-'));
const certs = makeCertificates(work);
const bodies = { validate: join(work, 'validate.json'), mutate: join(work, 'mutate.json') };
writeFileSync(bodies.validate, JSON.stringify(makeReview(Number(values.size), { operation: 'UPDATE' })));
writeFileSync(bodies.mutate, JSON.stringify(makeReview(Number(values.size), { operation: 'CREATE', withDefaults: false })));

/** drive runs wrk against one target and samples the server's RSS meanwhile (peak). */
async function drive(server, path, body, connections, seconds = duration) {
  let peak = rssKiB(server.child.pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssKiB(server.child.pid))), 250);
  const cpuBefore = cpuSeconds(server.child.pid);
  try {
    const result = await wrk({ port: server.port, path, body, connections, seconds, cpu: wrkCpu });
    // CPU time per request counts only the server's own work: steadier than req/s on a shared machine.
    const cpuMicros = ((cpuSeconds(server.child.pid) - cpuBefore) * 1e6) / Math.max(1, result.requests);
    return { ...result, rssMiB: peak / 1024, cpuMicros };
  } finally {
    clearInterval(timer);
  }
}

const baseline = await startServer('baseline', baselineArgs(certs), serverCpu);
const admission = await startServer('crd-admission', crdAdmissionArgs(certs), serverCpu);
const fastifyReference = values.fastify ? await startServer('fastify', fastifyBaselineArgs(certs), serverCpu) : undefined;
const loadAtStart = machine();

/** table alternates baseline, /validate and /mutate, rounds × connection counts, and prints medians with ratios. */
async function table() {
  const targets = [
    { label: 'baseline (node:https, fixed answer)', server: baseline, path: '/', body: bodies.validate },
    ...(fastifyReference ? [{ label: 'fastify (logger off, fixed answer)', server: fastifyReference, path: '/', body: bodies.validate }] : []),
    { label: '/validate UPDATE', server: admission, path: '/validate', body: bodies.validate },
    { label: '/mutate CREATE', server: admission, path: '/mutate', body: bodies.mutate },
  ];
  const samples = new Map();
  for (const target of targets) await drive(target.server, target.path, target.body, 10, 3); // warm-up (JIT)
  for (let round = 0; round < rounds; round++) {
    for (const connections of connectionCounts) {
      for (const target of targets) {
        const result = await drive(target.server, target.path, target.body, connections);
        const key = `${target.label}|${connections}`;
        samples.set(key, [...(samples.get(key) ?? []), result]);
        process.stderr.write(`round ${round + 1} ${key}: ${result.rps.toFixed(0)} req/s p50 ${result.p50} ms p99 ${result.p99} ms CPU ${result.cpuMicros.toFixed(0)} µs/req errors ${result.errors} non-2xx ${result.non2xx}\n`);
      }
    }
  }
  const summary = (list) => ({
    rps: median(list.map((s) => s.rps)), p50: median(list.map((s) => s.p50)), p99: median(list.map((s) => s.p99)),
    rss: median(list.map((s) => s.rssMiB)), cpu: median(list.map((s) => s.cpuMicros)), errors: list.reduce((n, s) => n + s.errors + s.non2xx, 0),
  });
  console.log(`\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${rounds} alternating rounds of ${duration} s, median per cell; ${Number(values.size)} B object; server on CPU ${serverCpu}, wrk on CPU ${wrkCpu}`);
  console.log(`machine: ${loadAtStart} at start; ${machine().replace(/.*load average/, 'load average')} at end\n`);
  console.log('| target | conns | req/s | p50 ms | p99 ms | RSS MiB | CPU µs/req | req/s ratio | p50 ratio | p99 ratio | RSS ratio | CPU/req ratio⁻¹ | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const connections of connectionCounts) {
    const b = summary(samples.get(`${targets[0].label}|${connections}`));
    for (const target of targets) {
      const m = summary(samples.get(`${target.label}|${connections}`));
      console.log(`| ${target.label} | ${connections} | ${m.rps.toFixed(0)} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.rss.toFixed(0)} | ${m.cpu.toFixed(0)} | ${(m.rps / b.rps).toFixed(2)} | ${(m.p50 / b.p50).toFixed(2)} | ${(m.p99 / b.p99).toFixed(2)} | ${(m.rss / b.rss).toFixed(2)} | ${(b.cpu / m.cpu).toFixed(2)} | ${m.errors} |`);
    }
  }
}

/**
 * soak drives /validate for the given seconds at 10 connections (and the
 * baseline for a minute to compare with), sampling crd-admission's RSS every
 * 10 s: memory must stay flat.
 */
async function soak(seconds) {
  const base = await drive(baseline, '/', bodies.validate, 10, Math.min(60, seconds));
  const samples = [];
  const timer = setInterval(() => samples.push({ t: samples.length * 10, rss: rssKiB(admission.child.pid) / 1024 }), 10_000);
  const result = await drive(admission, '/validate', bodies.validate, 10, seconds);
  clearInterval(timer);
  const firstMinute = samples.filter((s) => s.t >= 10 && s.t <= 60).map((s) => s.rss);
  const lastMinute = samples.filter((s) => s.t >= seconds - 60).map((s) => s.rss);
  console.log(`\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; soak: /validate UPDATE, 10 connections, ${seconds} s; ${loadAtStart} at start`);
  console.log(`baseline peak RSS ${base.rssMiB.toFixed(0)} MiB; crd-admission peak RSS ${result.rssMiB.toFixed(0)} MiB (ratio ${(result.rssMiB / base.rssMiB).toFixed(2)}); ${result.requests} requests, ${result.errors} errors, ${result.rps.toFixed(0)} req/s`);
  // Least-squares slope of RSS over time after the first minute (warm-up): flat memory means ~0 MiB/min.
  const steady = samples.filter((s) => s.t >= 60);
  const meanT = steady.reduce((n, s) => n + s.t, 0) / steady.length;
  const meanR = steady.reduce((n, s) => n + s.rss, 0) / steady.length;
  const slope = steady.reduce((n, s) => n + (s.t - meanT) * (s.rss - meanR), 0) / steady.reduce((n, s) => n + (s.t - meanT) ** 2, 0);
  console.log(`RSS trend after the first minute: ${(slope * 60).toFixed(2)} MiB/min (least squares over ${steady.length} samples)`);
  console.log(`RSS median over the first minute ${median(firstMinute).toFixed(1)} MiB, over the last minute ${median(lastMinute).toFixed(1)} MiB`);
  console.log(`\n| t (s) | RSS MiB |\n|---|---|`);
  for (const s of samples.filter((_, i) => i % 6 === 0 || i === samples.length - 1)) console.log(`| ${s.t} | ${s.rss.toFixed(1)} |`);
}

try {
  if (values.soak !== undefined) await soak(Number(values.soak));
  else await table();
} finally {
  baseline.child.kill('SIGTERM');
  admission.child.kill('SIGTERM');
  fastifyReference?.child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
