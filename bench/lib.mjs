// Shared pieces of the HTTP benchmarks: certificates, servers pinned to a CPU,
// wrk runs, RSS sampling from /proc, medians.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer, connect } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..');
export const CLI = join(root, 'dist/cli/main.js');

/** makeCertificates writes ca.crt, tls.crt and tls.key for localhost into dir. */
export function makeCertificates(dir) {
  execFileSync(process.execPath, [CLI, 'certs', '--service', 'bench', '--namespace', 'bench', '--out', dir], { stdio: 'ignore' });
  return { cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key'), ca: join(dir, 'ca.crt') };
}

/** freePort asks the kernel for a port nobody listens on. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

/**
 * startServer spawns a node server on a free port (on one CPU when cpu is
 * set), with its log lines going to /dev/null as a production log shipper
 * would take them off the process, and resolves once the port accepts.
 */
export async function startServer(name, argsForPort, cpu) {
  const port = await freePort();
  const args = argsForPort(port);
  const command = cpu === undefined ? [process.execPath, ...args] : ['taskset', '-c', String(cpu), process.execPath, ...args];
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  while (!(await accepts(port))) {
    if (exited) throw new Error(`${name} exited: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { name, child, port, listeningMs: performance.now() - started, started };
}

/** baselineArgs are the arguments of the no-op baseline server. */
export function baselineArgs(certs) {
  return (port) => [join(here, 'baseline-server.mjs'), certs.cert, certs.key, String(port)];
}

/** fastifyBaselineArgs are the arguments of the fastify reference server (logger off, fixed answer). */
export function fastifyBaselineArgs(certs) {
  return (port) => [join(here, 'fastify-baseline.mjs'), certs.cert, certs.key, String(port)];
}

/** crdAdmissionArgs are the serve arguments of the benchmark configuration (per-review log lines on, at info). */
export function crdAdmissionArgs(certs, { crdDir = join(here, 'fixtures/crds'), logLevel = 'info', extra = [] } = {}) {
  return (port) => [CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--tls-cert', certs.cert, '--tls-key', certs.key,
    '--log-level', logLevel, '--crds', crdDir, '--policies', join(here, 'fixtures/policies'), ...extra];
}

/** rssKiB reads a process's resident set size. */
export function rssKiB(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** cpuSeconds reads a process's user + system CPU time (it counts only this process's work, whatever else runs). */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** wrk runs wrk with the POST script and resolves with its JSON summary line. */
export function wrk({ port, path, body, connections, seconds, cpu }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', join(here, 'post.lua'), `https://127.0.0.1:${port}${path}`];
  const command = cpu === undefined ? ['wrk', ...args] : ['taskset', '-c', String(cpu), 'wrk', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { env: { ...process.env, WRK_BODY: body } });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.stderr.on('data', (c) => (text += c));
    child.on('exit', (code) => {
      const line = text.split('\n').find((l) => l.startsWith('{"requests"'));
      if (code !== 0 || !line) reject(new Error(`wrk failed (${code}):\n${text}`));
      else resolve(JSON.parse(line));
    });
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** machine describes where the figures were taken. */
export function machine() {
  const cpus = Number(execFileSync('nproc').toString().trim());
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  return `${cpus} cores (${model}), Node ${process.versions.node}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

/** microsPerCall runs fn repeatedly for at least minMs after a warm-up and returns µs per call. */
export function microsPerCall(fn, { minMs = 1500, warmup = 50 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (elapsed * 1000) / n;
}
