import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import type { ReloadOutcome } from '../../src/config/reload.js';
import { ReloadingConfiguration } from '../../src/config/reload.js';
import { fingerprint } from '../../src/config/watch.js';
import { makeTempDir } from '../helpers/pki.js';

async function crdDir(): Promise<string> {
  const dir = join(await makeTempDir(), 'crds');
  await mkdir(dir);
  await copyFile(join(BUNDLED_EXAMPLES, 'crontab.yaml'), join(dir, 'crontab.yaml'));
  return dir;
}

const webapps = { group: 'platform.example.com', version: 'v1', resource: 'webapps' };

describe('ReloadingConfiguration', () => {
  it('swaps in a whole new configuration; one taken before the swap is left as it was', async () => {
    const dir = await crdDir();
    const outcomes: ReloadOutcome[] = [];
    const source = new ReloadingConfiguration(await loadConfiguration({ crdPaths: [dir], policyPaths: [] }), { onReload: (o) => outcomes.push(o) });
    const inFlight = source.current();
    await copyFile(join(BUNDLED_EXAMPLES, 'webapp.yaml'), join(dir, 'webapp.yaml'));
    await source.reload();
    expect(outcomes.map((o) => o.ok)).toEqual([true]);
    expect(source.current().profiles.byGroupVersionResource(webapps)).toBeDefined();
    expect(inFlight.profiles.byGroupVersionResource(webapps)).toBeUndefined();
  });

  it('keeps the current configuration when the new one is broken, and names the file', async () => {
    const dir = await crdDir();
    const outcomes: ReloadOutcome[] = [];
    const source = new ReloadingConfiguration(await loadConfiguration({ crdPaths: [dir], policyPaths: [] }), { onReload: (o) => outcomes.push(o) });
    const before = source.current();
    await writeFile(join(dir, 'broken.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: [\n');
    const outcome = await source.reload();
    expect(outcome).toMatchObject({ ok: false, files: [join(dir, 'broken.yaml')] });
    expect(source.current()).toBe(before);
  });

  it('runs one more load when asked again during a load, so the last change on disk wins', async () => {
    const dir = await crdDir();
    let loads = 0;
    let finished = 0;
    const initial = await loadConfiguration({ crdPaths: [dir], policyPaths: [] });
    const source = new ReloadingConfiguration(initial, {
      load: async (sources, settings) => (loads++, loadConfiguration(sources, settings)),
      onReload: () => finished++,
    });
    const first = source.reload();
    void source.reload();
    void source.reload();
    await first;
    while (finished < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(loads).toBe(2);
  });
});

describe('fingerprint', () => {
  it('changes when a rule source changes, not only manifests', async () => {
    const dir = await makeTempDir();
    await writeFile(join(dir, 'rule.ts'), 'export default 1;\n');
    await writeFile(join(dir, 'notes.txt'), 'not a source');
    const before = await fingerprint({ manifests: [], sources: [dir] });
    expect(before).toContain('rule.ts');
    expect(before).not.toContain('notes.txt');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(join(dir, 'rule.ts'), 'export default 22;\n');
    expect(await fingerprint({ manifests: [], sources: [dir] })).not.toBe(before);
  });
});
