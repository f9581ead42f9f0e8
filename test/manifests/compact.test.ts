import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../src/config/load.js';
import { readManifests } from '../../src/config/manifest-files.js';
import { loadCrds } from '../../src/crd/load.js';
import { configEntries } from '../../src/manifests/config-map.js';
import { compactCrd } from '../../src/manifests/compact.js';
import { FIXTURES, optionsFor, REAL_CRDS } from './helpers.js';

const REAL_FLAGS = ['--crds', REAL_CRDS, '--namespace', 'crd-admission', '--service', 'crd-admission'];

describe('the CRDs stored in the ConfigMap', () => {
  it('drop schema descriptions but keep a property named description', async () => {
    const [widgets] = loadCrds(await readManifests([`${FIXTURES}widgets-cluster-scoped.yaml`]));
    const compact = JSON.stringify(compactCrd(widgets!.crd));
    expect(compact).not.toContain('What the widget should be');
    expect(compact).toContain('"properties":{"description":{"type":"string"},"size":{"type":"integer"}}');
  });

  it('load and index like the originals when the server reads them from the mounted files', async () => {
    const opts = await optionsFor(REAL_FLAGS);
    const dir = await mkdtemp(join(tmpdir(), 'crd-admission-config-'));
    try {
      for (const entry of configEntries(opts)) {
        await mkdir(dirname(join(dir, entry.path)), { recursive: true });
        await writeFile(join(dir, entry.path), entry.text);
      }
      const mounted = await loadConfiguration({ crdPaths: [join(dir, 'crds')], policyPaths: [] });
      const original = await loadConfiguration({ crdPaths: [REAL_CRDS], policyPaths: [] });
      const gvrs = (c: typeof original) =>
        c.profiles.profiles.map((p) => `${p.gvr.group}/${p.gvr.version}/${p.gvr.resource}`).sort();
      expect(gvrs(mounted)).toEqual(gvrs(original));
      expect(gvrs(mounted).length).toBeGreaterThan(30);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
