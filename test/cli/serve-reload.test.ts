import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpGet } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_EXAMPLES } from '../../src/config/load.js';
import type { ServeProcess } from '../helpers/cli.js';
import { spawnServe } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pki.js';
import { WebhookClient, readFixture } from '../helpers/webhook-client.js';

// serve watches its --crds and --rules paths: a change is compiled and swapped in whole,
// a broken change is refused with a log line naming the file and a failure metric.

let cwd: string;
let serve: ServeProcess;
let client: WebhookClient;
let metricsUrl: string;

const RULE = (text: string): string => `import { defineRule } from 'crd-admission/rules';
export default defineRule({ name: 'greeting', match: { kinds: ['CronTab'] }, validate: () => ({ warnings: [${JSON.stringify(text)}] }) });
`;

beforeAll(async () => {
  cwd = await makeTempDir();
  await mkdir(join(cwd, 'crds'));
  await mkdir(join(cwd, 'rules'));
  await copyFile(join(BUNDLED_EXAMPLES, 'crontab.yaml'), join(cwd, 'crds', 'crontab.yaml'));
  await writeFile(join(cwd, 'rules', 'greeting.ts'), RULE('hello from the first rule'));
  serve = await spawnServe(['--crds', join(cwd, 'crds'), '--rules', join(cwd, 'rules'), '--metrics-port', '0'], cwd);
  client = new WebhookClient(serve.port, { ca: await readFile(join(cwd, 'certs', 'ca.crt')) });
  metricsUrl = String((await serve.waitForLine((line) => typeof line.metricsAddress === 'string')).metricsAddress);
});
afterAll(async () => {
  client.close();
  serve.child.kill('SIGTERM');
  expect(await serve.exited).toBe(0);
});

function scrape(): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet(`${metricsUrl}/metrics`, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(text));
    }).on('error', reject).end();
  });
}

async function warnings(fixture: string): Promise<string[]> {
  const reply = await client.post('/validate', readFixture(fixture));
  expect(reply.status).toBe(200);
  return (reply.json as { response: { warnings?: string[] } }).response.warnings ?? [];
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await probe();
  for (let attempt = 0; attempt < 150 && !done(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

describe('serve reloading its configuration', () => {
  it('picks up a CRD added to a --crds directory', async () => {
    expect((await warnings('webapp-create-v1.json')).join()).toContain('no CustomResourceDefinition loaded for webapps.v1.platform.example.com');
    await copyFile(join(BUNDLED_EXAMPLES, 'webapp.yaml'), join(cwd, 'crds', 'webapp.yaml'));
    const after = await until(() => warnings('webapp-create-v1.json'), (w) => !w.join().includes('no CustomResourceDefinition'));
    expect(after.join()).not.toContain('no CustomResourceDefinition');
    await serve.waitForLine((line) => line.msg === 'configuration reloaded');
  });

  it('picks up a changed TypeScript rule', async () => {
    expect(await warnings('crontab-create-v1.json')).toContain('hello from the first rule');
    await writeFile(join(cwd, 'rules', 'greeting.ts'), RULE('hello from the edited rule'));
    expect(await until(() => warnings('crontab-create-v1.json'), (w) => w.includes('hello from the edited rule'))).toContain('hello from the edited rule');
  });

  it('refuses a broken CRD file with a log line naming it and a failure metric, keeps serving the old configuration and stays ready', async () => {
    const broken = join(cwd, 'crds', 'crontab.yaml');
    await writeFile(broken, `${await readFile(broken, 'utf8')}\n  oops: [\n`);
    const line = await serve.waitForLine((l) => l.msg === 'new configuration refused; keeping the current one');
    expect(line.files).toEqual([broken]);
    expect(String(line.problem)).toContain(broken);
    expect(await scrape()).toMatch(/^crd_admission_config_reloads_total\{result="failure"\} [1-9]/m);
    expect(await warnings('crontab-create-v1.json')).toContain('hello from the edited rule');
    expect((await warnings('webapp-create-v1.json')).join()).not.toContain('no CustomResourceDefinition');
    const ready = await client.get('/readyz');
    expect(ready.status).toBe(200);
  });

  it('serves /metrics on the metrics port only, over plain HTTP', async () => {
    expect(await scrape()).toMatch(/^crd_admission_requests_total\{endpoint="validate",resource="stable.example.com\/v1\/crontabs",operation="CREATE",decision="allowed"\} \d+/m);
    expect((await client.get('/metrics')).status).toBe(404);
  });
});
