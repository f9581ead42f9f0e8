import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Configuration } from '../../src/config/load.js';
import { loadConfiguration } from '../../src/config/load.js';
import { DEFAULTING_PLUGIN } from '../../src/defaulting/plugin.js';
import { admit } from '../../src/pipeline/admit.js';
import type { ResourceProfile } from '../../src/profiles/profile.js';
import type { JsonObject } from '../../src/util/json.js';
import { applyStrictly, FIXTURES } from './harness.js';

const REAL_CRDS = new URL('../../../shared/fixtures/real-crds/', import.meta.url).pathname;

interface RealCrdCase {
  readonly name: string;
  readonly crd: string;
  readonly version: string;
  readonly object: JsonObject;
  readonly expectedObject: JsonObject;
  readonly expectedWarnings?: string[];
}

function mutate(config: Configuration, profile: ResourceProfile, object: JsonObject) {
  const request = {
    uid: 'c0ffee00-0000-4000-8000-000000000002',
    kind: profile.gvk,
    resource: profile.gvr,
    operation: 'CREATE' as const,
    userInfo: { username: 'alice' },
    object,
    oldObject: null,
    dryRun: false,
    options: null,
  };
  return admit(request, 'mutate', config);
}

describe('real CRDs', () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await loadConfiguration({ crdPaths: [REAL_CRDS], policyPaths: [] }, undefined, [DEFAULTING_PLUGIN]);
  });

  it('compile every served version and default a sample object with a patch that applies and settles', () => {
    expect(config.profiles.size).toBeGreaterThan(50);
    let patched = 0;
    for (const profile of config.profiles.profiles) {
      const object: JsonObject = {
        apiVersion: `${profile.gvk.group}/${profile.gvk.version}`,
        kind: profile.gvk.kind,
        metadata: { name: 'sample', namespace: 'default' },
        spec: {},
      };
      const decision = mutate(config, profile, object);
      expect(decision.allowed).toBe(true);
      if (!decision.patch) continue;
      patched++;
      const result = applyStrictly(object, decision.patch);
      expect(mutate(config, profile, result).patch, `${profile.gvk.kind} ${profile.gvk.version}`).toBeUndefined();
    }
    expect(patched).toBeGreaterThan(5);
  });

  const cases = parse(readFileSync(new URL('real-crds.yaml', FIXTURES), 'utf8')) as RealCrdCase[];
  it.each(cases)('$name', async (row) => {
    const single = await loadConfiguration({ crdPaths: [REAL_CRDS + row.crd], policyPaths: [] }, undefined, [DEFAULTING_PLUGIN]);
    const profile = single.profiles.profiles.find((p) => p.gvk.version === row.version);
    if (!profile) throw new Error(`${row.crd} serves no ${row.version}`);
    const decision = mutate(single, profile, row.object);
    expect(decision.warnings).toEqual(row.expectedWarnings ?? []);
    expect(applyStrictly(row.object, decision.patch ?? [])).toEqual(row.expectedObject);
    expect(mutate(single, profile, row.expectedObject).patch).toBeUndefined();
  });
});
