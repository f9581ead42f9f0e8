import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Configuration } from '../../src/config/load.js';
import { loadConfiguration } from '../../src/config/load.js';
import type { JsonObject } from '../../src/util/json.js';
import type { SchemaCase } from './cases.js';
import { FIXTURES, readCaseFile, runCase } from './cases.js';

const files = readdirSync(new URL('cases/', FIXTURES)).filter((f) => f.endsWith('.yaml'));
const configs = new Map<string, Promise<Configuration>>();

function configFor(crd: string): Promise<Configuration> {
  let config = configs.get(crd);
  if (!config) {
    config = loadConfiguration({ crdPaths: [fileURLToPath(new URL(`crds/${crd}`, FIXTURES))], policyPaths: [] });
    configs.set(crd, config);
  }
  return config;
}

// Request objects are frozen: a stage that changed them would fail the request.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe.each(files)('schema validation cases in %s', (file) => {
  const caseFile = readCaseFile(file);
  it.each(caseFile.cases.map((c) => [c.name, c] as const))('%s', async (_name, c: SchemaCase) => {
    const decision = runCase(await configFor(caseFile.crd), deepFreeze(structuredClone(c)));
    expect(decision.allowed).toBe(c.expect.allowed);
    if (c.expect.allowed) return;
    expect(decision.status?.code).toBe(422);
    expect(decision.status?.reason).toBe('Invalid');
    expect(decision.status?.message).toBe(c.expect.message);
    expect(decision.status?.details?.causes).toEqual(c.expect.causes);
  });
});

describe('annotation size', () => {
  const widget = (annotations: Record<string, string>): JsonObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w1', namespace: 'default', annotations },
    spec: { size: 1 },
  });

  it('allows 256 KiB of annotations in total and refuses one byte more', async () => {
    const config = await configFor('widgets.yaml');
    const value = 'x'.repeat(256 * 1024 - 'example.com/blob'.length);
    const fits: SchemaCase = { name: 'fits', operation: 'CREATE', object: widget({ 'example.com/blob': value }), expect: { allowed: true } };
    expect(runCase(config, fits).allowed).toBe(true);
    const over = { ...fits, object: widget({ 'example.com/blob': `${value}x` }) };
    const decision = runCase(config, over);
    expect(decision.status?.message).toBe('Widget.example.com "w1" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes');
  });
});

describe('ratcheting counts', () => {
  it('counts the errors ratcheting dropped, for the metrics', async () => {
    const { cases } = readCaseFile('ratcheting.yaml');
    const ratcheted = cases.find((c) => c.name === 'an invalid map-list item is ratcheted after the list is reordered');
    if (!ratcheted) throw new Error('fixture case missing');
    const decision = runCase(await configFor('widgets.yaml'), ratcheted);
    expect(decision.allowed).toBe(true);
    expect(decision.counts).toEqual({ ratchetedErrors: 1 });
  });
});
