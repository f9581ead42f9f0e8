import { request } from 'node:https';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCertificate } from '../../src/certs/inspect.js';
import { runBuiltCli, spawnServe } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pki.js';
import type { Reply } from '../helpers/webhook-client.js';
import { WebhookClient, readFixture } from '../helpers/webhook-client.js';

describe('crd-admission serve with no TLS flags', () => {
  it('creates development certificates under ./certs, answers over TLS, and reuses them on the next start', async () => {
    const cwd = await makeTempDir();
    const first = await spawnServe([], cwd);
    try {
      const ca = await readFile(join(cwd, 'certs', 'ca.crt'));
      expect((await stat(join(cwd, 'certs', 'tls.key'))).mode & 0o777).toBe(0o600);
      const client = new WebhookClient(first.port, { ca });
      const reply = await client.postFixture('/validate', 'crontab-update-v1.json');
      client.close();
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ apiVersion: 'admission.k8s.io/v1', response: { uid: 'c8d4f1a2-7e3b-4b6d-a1c9-5e2f0d8b7a63', allowed: true } });
      await first.waitForLine((line) => line.msg === 'review');
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
    const serial = inspectCertificate(await readFile(join(cwd, 'certs', 'tls.crt'))).serialNumber;
    const second = await spawnServe([], cwd);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.lines.some((line) => line.created === false)).toBe(true);
    expect(inspectCertificate(await readFile(join(cwd, 'certs', 'tls.crt'))).serialNumber).toBe(serial);
  });
});

/**
 * startSlowReview opens its own connection, sends the headers with
 * `Expect: 100-continue` and holds the body back: once the server says
 * "continue", the request is in flight on the server.
 */
function startSlowReview(port: number, ca: Buffer, body: Buffer): { inFlight: Promise<void>; finish: () => Promise<Reply> } {
  let send: () => void = () => undefined;
  const reply = new Promise<Reply>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', servername: 'localhost', port, ca, method: 'POST', path: '/validate', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(body.length), expect: '100-continue' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString(), json: JSON.parse(Buffer.concat(chunks).toString()) }));
      },
    );
    req.on('error', reject);
    send = () => req.end(body);
    req.flushHeaders();
    req.on('continue', () => continued());
  });
  let continued: () => void = () => undefined;
  const inFlight = new Promise<void>((resolve) => (continued = resolve));
  return { inFlight, finish: () => (send(), reply) };
}

describe('crd-admission serve on SIGTERM', () => {
  it('answers every request in flight, closes idle keep-alive connections and exits 0', async () => {
    const cwd = await makeTempDir();
    const serve = await spawnServe([], cwd);
    const ca = await readFile(join(cwd, 'certs', 'ca.crt'));
    const idle = new WebhookClient(serve.port, { ca });
    expect((await idle.postFixture('/validate', 'crontab-update-v1.json')).status).toBe(200);
    const body = Buffer.from(JSON.stringify(readFixture('webapp-update-v1beta1.json')));
    const slow = Array.from({ length: 8 }, () => startSlowReview(serve.port, ca, body));
    await Promise.all(slow.map((s) => s.inFlight));
    serve.child.kill('SIGTERM');
    await serve.waitForLine((line) => line.msg === 'shutting down');
    const replies = await Promise.all(slow.map((s) => s.finish()));
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(replies.every((r) => (r.json as { response: { allowed: boolean } }).response.allowed)).toBe(true);
    expect(await serve.exited).toBe(0);
    idle.close();
    expect(serve.lines.filter((line) => line.msg === 'review')).toHaveLength(9);
  });
});

describe('crd-admission serve on SIGTERM under a steady load', () => {
  it('answers every request it accepted: clients only ever see answers or, once it stopped listening, a refused connection', async () => {
    const cwd = await makeTempDir();
    const serve = await spawnServe([], cwd);
    const ca = await readFile(join(cwd, 'certs', 'ca.crt'));
    const client = new WebhookClient(serve.port, { ca }, { maxSockets: 6 });
    const body = readFixture('crontab-update-v1.json');
    let answered = 0;
    let refused = 0;
    const failures: string[] = [];
    const worker = async (): Promise<void> => {
      for (;;) {
        try {
          const reply = await client.post('/validate', body);
          if (reply.status === 200) answered++;
          else failures.push(`HTTP ${reply.status}`);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') return void refused++;
          failures.push((error as Error).message);
          return;
        }
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    while (answered < 200) await new Promise((resolve) => setTimeout(resolve, 10));
    serve.child.kill('SIGTERM');
    await Promise.all(workers);
    client.close();
    expect(failures).toEqual([]);
    expect(refused).toBe(6);
    expect(await serve.exited).toBe(0);
    expect(serve.lines.filter((line) => line.msg === 'review')).toHaveLength(answered);
  });
});

describe('crd-admission serve with a broken CRD file', () => {
  it('exits 1 before listening, naming the file', async () => {
    const cwd = await makeTempDir();
    await mkdir(join(cwd, 'crds'));
    const broken = join(cwd, 'crds', 'broken.yaml');
    await writeFile(broken, 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\nspec:\n  group: [\n');
    const result = await runBuiltCli(['serve', '--port', '0', '--crds', join(cwd, 'crds')], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(broken);
    expect(result.stdout).not.toContain('listening');
  });

  it('exits 2 on a bad flag', async () => {
    const cwd = await makeTempDir();
    const result = await runBuiltCli(['serve', '--pruning', 'sometimes'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--pruning must be one of prune, strict, off');
  });
});
