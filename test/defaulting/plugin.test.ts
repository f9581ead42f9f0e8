import { describe, expect, it } from 'vitest';
import type { JsonPatchOperation } from '../../src/admission/types.js';
import { crdFromDocument } from '../../src/crd/load.js';
import type { JSONSchemaProps } from '../../src/crd/types.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject, JsonValue } from '../../src/util/json.js';
import { defaultingConfig, requestFor, widgetCrd } from './harness.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        strategy: { type: 'object', default: { type: 'Recreate', params: { timeout: 30 } }, properties: { type: { type: 'string' }, params: { type: 'object', properties: { timeout: { type: 'integer' } } } } },
        note: { type: 'string' },
      },
    },
  },
};

describe('defaulting plugin', () => {
  it('hands out copies of defaults: changing one patch never changes the next', () => {
    const config = defaultingConfig([widgetCrd(schema)]);
    const first = admit(requestFor(config, { spec: {} }), 'mutate', config);
    const op = first.patch?.[0] as JsonPatchOperation & { value: JsonValue };
    ((op.value as JsonObject).params as JsonObject).timeout = 1;
    const second = admit(requestFor(config, { spec: {} }), 'mutate', config);
    expect(second.patch).toEqual([{ op: 'add', path: '/spec/strategy', value: { type: 'Recreate', params: { timeout: 30 } } }]);
  });

  it('defaults an UPDATE like a CREATE, from the new object only', () => {
    const config = defaultingConfig([widgetCrd(schema)]);
    const old: JsonObject = { spec: { strategy: { type: 'Custom' } } };
    const decision = admit(requestFor(config, { spec: { note: 'n' } }, 'UPDATE', old), 'mutate', config);
    expect(decision.patch).toEqual([{ op: 'add', path: '/spec/strategy', value: { type: 'Recreate', params: { timeout: 30 } } }]);
  });

  it('only defaults a legacy CRD with spec.preserveUnknownFields: true, as the apiserver does', () => {
    const base = widgetCrd(schema);
    const legacy = crdFromDocument({
      source: base.source,
      value: { ...base.crd, spec: { ...base.crd.spec, preserveUnknownFields: true } } as unknown as JsonValue,
    });
    for (const pruning of ['prune', 'strict'] as const) {
      const config = defaultingConfig([legacy], pruning);
      const object: JsonObject = { spec: { unknown: 1, note: null } };
      const decision = admit(requestFor(config, object), 'mutate', config);
      expect(decision.warnings).toEqual([]);
      expect(decision.patch).toEqual([{ op: 'add', path: '/spec/strategy', value: { type: 'Recreate', params: { timeout: 30 } } }]);
      expect(admit(requestFor(config, object), 'validate', config).allowed).toBe(true);
    }
  });
});
