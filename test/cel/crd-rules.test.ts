import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/admission/field-error.js';
import type { FieldError } from '../../src/admission/field-error.js';
import type { AdmissionRequest } from '../../src/admission/types.js';
import { loadConfiguration } from '../../src/config/load.js';
import { readManifests } from '../../src/config/manifest-files.js';
import { loadCrds } from '../../src/crd/load.js';
import { compileRuleTree } from '../../src/cel/crd-rules/compile.js';
import { crdRulesStage, RULES_SKIPPED_MESSAGE } from '../../src/cel/crd-rules/plugin.js';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings.js';
import { profileTargets } from '../../src/profiles/compile.js';
import type { ProfileTarget } from '../../src/profiles/plugin.js';
import type { JsonObject } from '../../src/util/json.js';
import { deepClone } from '../../src/util/json.js';
import { admit } from '../../src/pipeline/admit.js';
import type { Configuration } from '../../src/config/load.js';
import { customResourceRequest } from '../helpers/requests.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/cel/gateways-crd.yaml', import.meta.url));
const REAL_CRDS = fileURLToPath(new URL('../../../shared/fixtures/real-crds', import.meta.url));

function gateway(spec: JsonObject, name = 'edge'): JsonObject {
  return { apiVersion: 'net.example.com/v1', kind: 'Gateway', metadata: { name, namespace: 'default' }, spec };
}

const VALID: JsonObject = { gatewayClass: 'public', replicas: 3, minReplicas: 2 };

const GATEWAY = { group: 'net.example.com', version: 'v1', kind: 'Gateway' };
const request = (object: JsonObject, oldObject: JsonObject | null = null): AdmissionRequest =>
  customResourceRequest(GATEWAY, 'gateways', object, oldObject);

let config: Configuration | undefined;
async function gatewayConfig(): Promise<Configuration> {
  config ??= await loadConfiguration({ crdPaths: [FIXTURE], policyPaths: [] });
  return config;
}

async function causes(object: JsonObject, oldObject: JsonObject | null = null): Promise<{ messages: string[]; warnings: readonly string[] }> {
  const decision = admit(request(object, oldObject), 'validate', await gatewayConfig());
  const messages = (decision.status?.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message}`);
  return { messages, warnings: decision.warnings };
}

describe('x-kubernetes-validations', () => {
  it('allows an object that satisfies every rule', async () => {
    const spec = { ...VALID, memory: '2Gi', timeout: '30s', listeners: [{ name: 'http', port: 80, hostname: 'a.example.com' }], cidrs: ['10.0.0.0/8'], labels: { team: 'net' }, tls: { 'secret-name': 's' } };
    expect(await causes(gateway(spec))).toEqual({ messages: [], warnings: [] });
  });

  it('reports a failed rule at its fieldPath with the messageExpression, value rendered as the schema type', async () => {
    const { messages } = await causes(gateway({ ...VALID, minReplicas: 5 }));
    expect(messages).toEqual(['spec.minReplicas: Invalid value: "object": minReplicas (5) must not exceed replicas (3)']);
  });

  it('reports a runtime error of a rule in the apiserver wording', async () => {
    const { messages } = await causes(gateway({ gatewayClass: 'public', replicas: 3 }));
    expect(messages).toEqual(['spec: Invalid value: "object": no such key: minReplicas evaluating rule: self.minReplicas <= self.replicas']);
  });

  it('uses the reason of a rule (Required) and its fieldPath, with escaped property names', async () => {
    const { messages } = await causes(gateway({ ...VALID, tls: { namespace: 'x' } }));
    expect(messages).toEqual(['spec.tls: Required value: tls needs a secret-name']);
  });

  it('falls back to message when messageExpression is empty or fails', async () => {
    const { messages } = await causes(gateway({ ...VALID, description: 'x'.repeat(25) + 'TODO' }));
    expect(messages).toEqual([
      'spec.description: Invalid value: "string": description must be short',
      'spec.description: Invalid value: "string": description must not contain TODO',
    ]);
  });

  it('reports reason FieldValueDuplicate and a quoted fieldPath into a map', async () => {
    expect((await causes(gateway({ ...VALID, aliases: ['a', 'b', 'a'] }))).messages).toEqual(['spec.aliases: Duplicate value: "array"']);
    // The apiserver appends the normalized fieldPath as one child: fldPath.Child("[example.com/owner]").
    expect((await causes(gateway({ ...VALID, annotations: { 'example.com/owner': '' } }))).messages).toEqual([
      'spec.annotations.[example.com/owner]: Invalid value: "object": owner must not be empty',
    ]);
  });

  it('evaluates rules at the root with only apiVersion, kind, metadata.name/generateName visible', async () => {
    const { messages } = await causes(gateway(VALID, 'x'.repeat(41)));
    expect(messages).toEqual(['<nil>: Invalid value: "object": name must be at most 40 characters']);
  });

  it('runs transition rules only on UPDATE, with reason Forbidden', async () => {
    expect((await causes(gateway({ ...VALID, gatewayClass: 'b' }))).messages).toEqual([]);
    const { messages } = await causes(gateway({ ...VALID, gatewayClass: 'b' }), gateway(VALID));
    expect(messages).toEqual(['spec: Forbidden: gatewayClass is immutable']);
  });

  it('does not run transition rules against a null old value', async () => {
    const old: JsonObject = { ...gateway(VALID), spec: null };
    expect((await causes(gateway({ ...VALID, gatewayClass: 'other' }), old)).messages).toEqual([]);
  });

  it('runs optionalOldSelf rules on CREATE with oldSelf = optional.none()', async () => {
    expect((await causes(gateway({ ...VALID, replicas: 1, minReplicas: 1 }))).messages).toEqual([
      'spec: Invalid value: "object": replicas must be at least 2 for new gateways',
    ]);
    // An existing gateway with one replica may keep it.
    const old = gateway({ ...VALID, replicas: 1, minReplicas: 1 });
    expect((await causes(gateway({ ...VALID, replicas: 1, minReplicas: 0 }), old)).messages).toEqual([]);
  });

  it('correlates map-list items by key for transition rules, and skips new items', async () => {
    const old = gateway({ ...VALID, listeners: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] });
    const changed = gateway({ ...VALID, listeners: [{ name: 'b', port: 81 }, { name: 'a', port: 8080 }, { name: 'c', port: 1 }] });
    expect((await causes(changed, old)).messages).toEqual(['spec.listeners[1]: Invalid value: "object": port of a listener is immutable']);
  });

  it('ratchets a failing rule on an unchanged node to a warning', async () => {
    const old = gateway({ ...VALID, memory: '100Gi', replicas: 4 });
    const { messages, warnings } = await causes(gateway({ ...VALID, memory: '100Gi', replicas: 5 }), old);
    expect(messages).toEqual([]);
    expect(warnings).toEqual(['spec.memory: Invalid value: "string": memory must be a quantity below 64Gi']);
    expect((await causes(gateway({ ...VALID, memory: '99Gi' }), old)).messages).toEqual([
      'spec.memory: Invalid value: "string": memory must be a quantity below 64Gi',
    ]);
  });

  it('ratchets items of atomic lists on the nearest correlatable ancestor only', async () => {
    const old = gateway({ ...VALID, cidrs: ['10.0.0.0/4'] });
    expect((await causes(gateway({ ...VALID, cidrs: ['10.0.0.0/4'] }), old)).warnings).toHaveLength(1);
    expect((await causes(gateway({ ...VALID, cidrs: ['10.0.0.0/4', '10.0.0.0/8'] }), old)).messages).toEqual([
      'spec.cidrs[0]: Invalid value: "string": must be a CIDR with a prefix of at least /8',
    ]);
  });

  it('types format: duration as a CEL duration and additionalProperties as a map', async () => {
    expect((await causes(gateway({ ...VALID, timeout: '10m' }))).messages).toEqual(['spec.timeout: Invalid value: "string": timeout must be at most 5m']);
    expect((await causes(gateway({ ...VALID, labels: { ['k'.repeat(70)]: 'v' } }))).messages).toHaveLength(1);
  });

  it('stops a nested comprehension over 10,000 items at the cost limit and keeps serving', async () => {
    const weights = Array.from({ length: 10_000 }, (_, i) => i);
    const { messages } = await causes(gateway({ ...VALID, weights }));
    expect(messages).toHaveLength(1);
    // The unit limit normally stops it; on a very loaded machine the wall-clock guard may come first.
    expect(messages[0]).toMatch(
      /^spec\.weights: Invalid value: "array": 'operation cancelled: (actual cost limit|evaluation time limit) exceeded': no further validation rules will be run due to call cost exceeds limit for rule: weights must be non-negative pairwise$/,
    );
    expect((await causes(gateway(VALID))).messages).toEqual([]);
  });

  it('evaluates matches with RE2, so an evil regex runs in linear time', async () => {
    const { messages } = await causes(gateway({ ...VALID, pattern: `${'a'.repeat(50_000)}!` }));
    expect(messages).toEqual(['spec.pattern: Invalid value: "string": pattern must be a run of a']);
  });

  it('skips CEL with the apiserver single error when a blocking schema error exists', async () => {
    const loaded = loadCrds(await readManifests([FIXTURE]));
    const target = profileTargets(loaded[0]!)[0] as ProfileTarget;
    const stage = crdRulesStage(compileRuleTree(target)!);
    const object = gateway({ ...VALID, minReplicas: 9 });
    const context = { request: request(object), profile: undefined as never, object, oldObject: null, settings: DEFAULT_SETTINGS, scratch: new Map() };
    const prior: FieldError[] = [{ type: 'FieldValueRequired', field: 'spec.replicas', badValue: null, detail: '' }];
    const result = stage.validate(context, prior);
    expect(result.errors.map(errorText)).toEqual([`<nil>: Invalid value: "null": ${RULES_SKIPPED_MESSAGE}`]);
  });
});

describe('loading rules', () => {
  async function loadBroken(mutate: (crd: JsonObject) => void): Promise<string> {
    const [doc] = await readManifests([FIXTURE]);
    const value = deepClone(doc!.value as JsonObject);
    mutate(value);
    const loaded = loadCrds([{ source: doc!.source, value }]);
    try {
      compileRuleTree(profileTargets(loaded[0]!)[0] as ProfileTarget);
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  }
  const specRules = (crd: JsonObject): JsonObject[] =>
    ((((crd.spec as JsonObject).versions as JsonObject[])[0]!.schema as JsonObject).openAPIV3Schema as JsonObject & { properties: { spec: JsonObject } }).properties.spec['x-kubernetes-validations'] as JsonObject[];

  it('rejects an unknown field with the file, schema path and column', async () => {
    const message = await loadBroken((crd) => { specRules(crd)[0]!.rule = 'self.replicaz > 0'; });
    expect(message).toContain('gateways-crd.yaml');
    expect(message).toContain('spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule');
    expect(message).toMatch(/No such key: replicaz \(column 6\)/);
  });

  it('rejects type errors, unknown functions, invalid regex literals and non-bool rules', async () => {
    expect(await loadBroken((crd) => { specRules(crd)[0]!.rule = "self.replicas + 'a' > 0"; })).toContain('no such overload');
    expect(await loadBroken((crd) => { specRules(crd)[0]!.rule = 'self.gatewayClass.frobnicate()'; })).toContain('frobnicate');
    expect(await loadBroken((crd) => { specRules(crd)[0]!.rule = "self.gatewayClass.matches('(?=x)')"; })).toContain('invalid regular expression');
    expect(await loadBroken((crd) => { specRules(crd)[0]!.rule = 'self.replicas'; })).toContain('must evaluate to a bool');
  });

  it('rejects oldSelf on the uncorrelatable part of the schema and optionalOldSelf without oldSelf', async () => {
    const cidrRule = (crd: JsonObject): JsonObject =>
      ((((((crd.spec as JsonObject).versions as JsonObject[])[0]!.schema as JsonObject).openAPIV3Schema as JsonObject).properties as JsonObject).spec as JsonObject & { properties: { cidrs: { items: { 'x-kubernetes-validations': JsonObject[] } } } }).properties.cidrs.items['x-kubernetes-validations'][0]!;
    expect(await loadBroken((crd) => { cidrRule(crd).rule = 'self == oldSelf'; })).toContain('oldSelf cannot be used on the uncorrelatable portion of the schema');
    expect(await loadBroken((crd) => { specRules(crd)[0]!.optionalOldSelf = true; })).toContain('may not be set if rule does not use oldSelf');
  });

  it('compiles every rule of the real cert-manager, Cluster API and Kueue CRDs', async () => {
    const dirs = readdirSync(REAL_CRDS).filter((d) => statSync(join(REAL_CRDS, d)).isDirectory());
    let rules = 0;
    for (const dir of dirs) {
      const crds = loadCrds(await readManifests([join(REAL_CRDS, dir)]));
      for (const crd of crds) {
        rules += (JSON.stringify(crd.crd).match(/"rule":/g) ?? []).length;
        for (const target of profileTargets(crd)) compileRuleTree(target);
      }
    }
    expect(rules).toBeGreaterThanOrEqual(75 + 50 + 2);
  });
});
