// HTTP benchmark of issue 7: the no-op node:https baseline and crd-admission,
// side by side on one machine, driven by wrk in alternating rounds.
// Usage: npm run build && node bench/http.mjs [--duration 10] [--rounds 3] [--connections 10,50] [--size 3000]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeReview } from './fixtures/make-review.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10,50' },
    size: { type: 'string', default: '3000' },
    'server-cpu': { type: 'string', default: '0' },
    'wrk-cpu': { type: 'string', default: '1' },
  },
});
const duration = Number(values.duration);
const rounds = Number(values.rounds);
const connectionCounts = values.connections.split(',').map(Number);

const work = mkdtempSync(join(tmpdir(), 'crd-admission-bench-'));
execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), 'certs', '--service', 'bench', '--namespace', 'bench', '--out', work], { stdio: 'ignore' });
const bodies = {
  validate: join(work, 'validate.json'),
  mutate: join(work, 'mutate.json'),
};
writeFileSync(bodies.validate, JSON.stringify(makeReview(Number(values.size), { operation: 'UPDATE' })));
writeFileSync(bodies.mutate, JSON.stringify(makeReview(Number(values.size), { operation: 'CREATE', withDefaults: false })));

function startServer(name, args) {
  const child = spawn('taskset', ['-c', values['server-cpu'], process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk.toString();
      const match = /listening on (\d+)/.exec(out) ?? /"port":(\d+)/.exec(out) ?? /https:\/\/[^:]+:(\d+)/.exec(out);
      if (match) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({ name, child, port: Number(match[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}: ${out}`)));
  });
}

function rssKiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function drive(server, path, body, connections) {
  let peak = rssKiB(server.child.pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssKiB(server.child.pid))), 250);
  const output = await new Promise((resolve, reject) => {
    const wrk = spawn('taskset', ['-c', values['wrk-cpu'], 'wrk', '-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '5s',
      '-s', join(here, 'post.lua'), `https://127.0.0.1:${server.port}${path}`], { env: { ...process.env, WRK_BODY: body } });
    let text = '';
    wrk.stdout.on('data', (c) => (text += c));
    wrk.stderr.on('data', (c) => (text += c));
    wrk.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(text))));
  });
  clearInterval(timer);
  const line = output.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no result:\n${output}`);
  return { ...JSON.parse(line), rssMiB: peak / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const baseline = await startServer('baseline', [join(here, 'baseline-server.mjs'), join(work, 'tls.crt'), join(work, 'tls.key'), '0']);
const admission = await startServer('crd-admission', [join(root, 'dist/cli/main.js'), 'serve', '--port', '0', '--host', '127.0.0.1',
  '--tls-cert', join(work, 'tls.crt'), '--tls-key', join(work, 'tls.key'), '--log-level', 'warn',
  '--crds', join(here, 'fixtures/crds'), '--policies', join(here, 'fixtures/policies')]);

const targets = [
  { label: 'baseline', server: baseline, path: '/', body: bodies.validate },
  { label: '/validate (UPDATE)', server: admission, path: '/validate', body: bodies.validate },
  { label: '/mutate (CREATE)', server: admission, path: '/mutate', body: bodies.mutate },
];
const samples = new Map();
try {
  for (const target of targets) await drive(target.server, target.path, target.body, 10).catch(() => undefined); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const connections of connectionCounts) {
      for (const target of targets) {
        const result = await drive(target.server, target.path, target.body, connections);
        const key = `${target.label}|${connections}`;
        samples.set(key, [...(samples.get(key) ?? []), result]);
        process.stderr.write(`round ${round + 1} ${key}: ${result.rps.toFixed(0)} req/s p50 ${result.p50} ms p99 ${result.p99} ms errors ${result.errors}\n`);
      }
    }
  }
} finally {
  baseline.child.kill('SIGTERM');
  admission.child.kill('SIGTERM');
}

const rows = [];
for (const connections of connectionCounts) {
  const base = samples.get(`baseline|${connections}`);
  const b = { rps: median(base.map((s) => s.rps)), p50: median(base.map((s) => s.p50)), p99: median(base.map((s) => s.p99)), rss: median(base.map((s) => s.rssMiB)) };
  for (const target of targets) {
    const list = samples.get(`${target.label}|${connections}`);
    const m = { rps: median(list.map((s) => s.rps)), p50: median(list.map((s) => s.p50)), p99: median(list.map((s) => s.p99)), rss: median(list.map((s) => s.rssMiB)), errors: list.reduce((n, s) => n + s.errors, 0) };
    rows.push(`| ${target.label} | ${connections} | ${m.rps.toFixed(0)} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.rss.toFixed(0)} | ${(m.rps / b.rps).toFixed(2)} | ${(m.p50 / b.p50).toFixed(2)} | ${(m.p99 / b.p99).toFixed(2)} | ${(m.rss / b.rss).toFixed(2)} | ${m.errors} |`);
  }
}
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${rounds} rounds of ${duration} s, median per cell, ${Number(values.size)} B object, server on CPU ${values['server-cpu']}, wrk on CPU ${values['wrk-cpu']}\n`);
console.log('| target | conns | req/s | p50 ms | p99 ms | RSS MiB | req/s ratio | p50 ratio | p99 ratio | RSS ratio | errors |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
rmSync(work, { recursive: true, force: true });
