// Start-up of `serve` with 200 CRDs (10 CEL rules each: 2,000 rules) and the
// benchmark policy: time from spawning the process until GET /readyz answers 200.
// Usage: npm run build && node bench/startup.mjs [--crds 200] [--runs 5]
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCrdCopies } from './fixtures/generate-crds.mjs';
import { crdAdmissionArgs, machine, makeCertificates, median, startServer } from './lib.mjs';

const { values } = parseArgs({ options: { crds: { type: 'string', default: '200' }, runs: { type: 'string', default: '5' } } });
const count = Number(values.crds);
const work = mkdtempSync(join(tmpdir(), 'crd-admission-startup-'));
const certs = makeCertificates(work);
const crdDir = join(work, 'crds');
mkdirSync(crdDir);
const files = writeCrdCopies(crdDir, count);
const celRules = files.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/^\s*- rule:/gm)?.length ?? 0), 0);
const ca = readFileSync(certs.ca);

function readyz(port) {
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', servername: 'localhost', port, path: '/readyz', ca, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', () => resolve(0)).end();
  });
}

const ready = [];
const listening = [];
try {
  for (let run = 0; run < Number(values.runs); run++) {
    const server = await startServer('crd-admission', crdAdmissionArgs(certs, { crdDir }));
    while ((await readyz(server.port)) !== 200) await new Promise((resolve) => setTimeout(resolve, 5));
    ready.push(performance.now() - server.started);
    listening.push(server.listeningMs);
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.on('exit', resolve));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machine()}`);
console.log(`serve with ${count} CRDs and ${celRules} CEL rules (x-kubernetes-validations) + 1 policy, ${ready.length} runs:`);
console.log(`| measure | median ms | runs (ms) |\n|---|---|---|`);
console.log(`| spawn → listening | ${median(listening).toFixed(0)} | ${listening.map((x) => x.toFixed(0)).join(', ')} |`);
console.log(`| spawn → /readyz 200 | ${median(ready).toFixed(0)} | ${ready.map((x) => x.toFixed(0)).join(', ')} |`);
