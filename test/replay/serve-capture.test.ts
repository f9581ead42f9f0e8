import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/replay/redact.js';
import { spawnServe } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pki.js';
import { WebhookClient } from '../helpers/webhook-client.js';
import { jsonLines, runCrdAdmission } from './cli-helpers.js';

describe('crd-admission serve --capture-dir', () => {
  it('records each answered review, redacted, flushes on shutdown, and the capture replays with --check', async () => {
    const cwd = await makeTempDir();
    const dir = join(cwd, 'captures');
    const serve = await spawnServe(['--capture-dir', dir, '--capture-max-files', '3', '--capture-redact', 'spec.image'], cwd);
    try {
      const client = new WebhookClient(serve.port, { ca: readFileSync(join(cwd, 'certs', 'ca.crt')) });
      expect((await client.postFixture('/mutate', 'crontab-update-v1.json')).status).toBe(200);
      expect((await client.postFixture('/validate', 'crontab-update-v1.json')).status).toBe(200);
      client.close();
    } finally {
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    }
    expect(serve.lines.find((line) => line.msg === 'capture closed')).toMatchObject({ written: 2, dropped: 0, failed: 0 });
    expect(readdirSync(dir)).toEqual(['reviews-000001.jsonl']);
    const lines = jsonLines(readFileSync(join(dir, 'reviews-000001.jsonl'), 'utf8')) as { request: { object: { spec: { image: string } } }; capture: unknown }[];
    expect(lines.map((l) => l.request.object.spec.image)).toEqual([REDACTED, REDACTED]);
    expect(lines[0]?.capture).toMatchObject({ endpoint: 'mutate', redacted: ['spec.image'] });
    const replay = await runCrdAdmission(['replay', '--check', dir]);
    expect(replay.stderr).toMatch(/^2 reviews, .* 0 mismatched/m);
    expect(replay.code).toBe(0);
  });

  it('refuses capture limits without --capture-dir', async () => {
    const result = await runCrdAdmission(['serve', '--capture-max-files', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--capture-max-bytes, --capture-max-files and --capture-redact need --capture-dir');
  });
});
