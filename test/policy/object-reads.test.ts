import { describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../../src/admission/types.js';
import { compileCel } from '../../src/cel/environment.js';
import { activation, evaluate } from '../../src/policy/activation.js';
import { POLICY_DECLARATIONS } from '../../src/policy/expressions.js';
import { readFileSync } from 'node:fs';
import { parseManifestText } from '../../src/config/manifest-files.js';
import { readMutatingPolicy } from '../../src/policy/load-mutating.js';
import { readValidatingPolicy } from '../../src/policy/load-validating.js';
import type { PolicyReads } from '../../src/policy/object-reads.js';
import { READ_ALL, WHOLE, readPaths, readTree, policyReads } from '../../src/policy/object-reads.js';
import { requestValues } from '../../src/policy/request-values.js';
import { fixture } from './requests.js';
import { ShapeReader } from '../../src/policy/shape.js';
import type { JsonObject } from '../../src/util/json.js';

describe('the object paths an expression reads', () => {
  it('follows field selections, optional ones and plain string indexes', () => {
    expect(readPaths("object.spec.replicas > 1 && object.?metadata.?labels['app'] == 'x'", 'object')).toEqual([
      ['spec', 'replicas'],
      ['metadata', 'labels', 'app'],
    ]);
    expect(readPaths('has(object.spec.owner) ? oldObject.spec.owner : ""', 'oldObject')).toEqual([['spec', 'owner']]);
  });

  it('stops where a step is not a plain field name, reading the rest whole', () => {
    expect(readPaths('object.spec.components[0].name', 'object')).toEqual([['spec', 'components']]);
    expect(readPaths('object.spec[variables.key]', 'object')).toEqual([['spec']]);
    expect(readPaths('object["sp\\u0065c"].replicas', 'object')).toEqual([[]]);
    expect(readPaths("object.spec['''replicas''']", 'object')).toEqual([['spec']]);
    expect(readPaths("object.spec[r'replicas']", 'object')).toEqual([['spec']]);
    expect(readPaths('object.spec["__proto__"].x', 'object')).toEqual([['spec']]);
    expect(readPaths('dyn(object).spec', 'object')).toEqual([[]]);
  });

  it('reads the receiver of a method call whole, and ignores fields named like the variable', () => {
    expect(readPaths('object.spec.components.all(c, c.port > 0)', 'object')).toEqual([['spec', 'components']]);
    expect(readPaths('object.metadata.name.startsWith("a")', 'object')).toEqual([['metadata', 'name']]);
    expect(readPaths('params.object.spec == 1 && "object.spec" != ""', 'object')).toEqual([]);
  });

  it('merges paths into a tree where a shorter path wins', () => {
    expect(readTree(['request.name == ""'], 'object')).toBeUndefined();
    expect(readTree(['object.spec.a == 1', 'object == null'], 'object')).toBe(WHOLE);
    const tree = readTree(['object.spec.a.b == 1', 'object.spec.a == {}', 'object.metadata.name == ""'], 'object');
    expect(tree).toEqual([
      { key: 'spec', below: [{ key: 'a', below: WHOLE }] },
      { key: 'metadata', below: [{ key: 'name', below: WHOLE }] },
    ]);
  });
});

const object = JSON.parse(`{
  "apiVersion": "bench.example.com/v1",
  "kind": "AppDeployment",
  "metadata": { "name": "checkout", "labels": { "app": "checkout" }, "generation": 4 },
  "spec": {
    "replicas": 3,
    "ratio": 0.5,
    "a.b": 1,
    "__proto__": 7,
    "constructor": "x",
    "list": "not a map",
    "components": [{ "name": "api", "role": "main", "port": 8080 }, { "name": "log", "port": 9090 }]
  }
}`) as JsonObject;

const request: AdmissionRequest = {
  uid: 'u-1',
  kind: { group: 'bench.example.com', version: 'v1', kind: 'AppDeployment' },
  resource: { group: 'bench.example.com', version: 'v1', resource: 'appdeployments' },
  name: 'checkout',
  namespace: 'shop',
  operation: 'UPDATE',
  userInfo: { username: 'jane', groups: ['dev', 'ops'], extra: { scopes: ['a', 'b'] } },
  object,
  oldObject: object,
  dryRun: false,
  options: { apiVersion: 'meta.k8s.io/v1', kind: 'UpdateOptions', gracePeriodSeconds: 30 },
};

// Every kind of reach into `object`: fields, missing fields, whole maps, lists, errors.
const EXPRESSIONS: readonly string[] = [
  'object.spec.replicas > 2',
  'object.spec.ratio',
  'has(object.spec.missing)',
  'has(object.spec.replicas)',
  'object.spec.size()',
  "object['spec']['replicas'] == 3",
  'object["sp\\u0065c"].replicas',
  'object.spec.components[0].port',
  'object.spec.components[5].port',
  "object.spec.components.filter(c, c.role == 'main').size()",
  'object.spec.components.map(c, c.name)',
  'object.spec.missing.x',
  'object.spec.list.x',
  'object.spec.replicas.x',
  "object.metadata.labels.all(k, k != '')",
  'object.?spec.?replicas.orValue(0)',
  'object.?spec.?missing.orValue(0)',
  '[object.spec][0].replicas',
  "object.spec['a.b']",
  "object.spec['__proto__']",
  'string(object.metadata.generation)',
  'object == object',
  'object.spec == oldObject.spec',
  'object.metadata.name + "/" + oldObject.metadata.name',
  'type(object.spec) == map',
  "request.userInfo.groups.exists(g, g == 'ops')",
  "request.userInfo.extra['scopes'][1]",
  'request.options.gracePeriodSeconds + 1',
  'request.name + "/" + request.namespace + "/" + request.subResource',
  'request.kind.kind + request.requestResource.resource',
  'has(request.dryRun) && !request.dryRun',
  'request.missing',
  'request.size()',
  'request == request',
];

function run(source: string, reads: PolicyReads): unknown {
  const compiled = { source, program: compileCel(source, POLICY_DECLARATIONS) };
  const values = requestValues(request, object, undefined, reads);
  return evaluate(compiled, activation(values, null, []));
}

describe('converting only what the policies read', () => {
  it('gives every expression the result (or error) it has on the whole object', () => {
    for (const source of EXPRESSIONS) {
      const reads = { object: readTree([source], 'object'), oldObject: readTree([source], 'oldObject'), request: readTree([source], 'request') };
      expect({ source, result: run(source, reads) }).toEqual({ source, result: run(source, READ_ALL) });
    }
  });

  it('leaves out what no expression reads', () => {
    const reads = { object: readTree(['object.spec.replicas == 3'], 'object'), oldObject: undefined, request: undefined };
    const small: JsonObject = { metadata: { name: 'x', generation: 1 }, spec: { replicas: 3, paused: false, owner: { team: 't' } } };
    expect(requestValues(request, small, undefined, reads).object).toEqual({ spec: { replicas: 3n } });
    // A field named like the engine's own `constructor` keeps its object whole.
    const { spec } = requestValues(request, object, undefined, reads).object as { spec: object };
    expect(Object.keys(spec)).toEqual(Object.keys(object.spec as JsonObject));
  });
});

describe('the reads of a policy', () => {
  it('cover every expression: conditions, variables, validations, messages and audit annotations', () => {
    const document = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'reads.example.com' },
      spec: {
        matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }] },
        matchConditions: [{ name: 'named', expression: "object.metadata.name != ''" }],
        variables: [{ name: 'a', expression: 'object.spec.a' }],
        validations: [{ expression: 'variables.a == oldObject.spec.b', messageExpression: 'string(object.spec.c)' }],
        auditAnnotations: [{ key: 'status', valueExpression: 'string(object.status)' }],
      },
    };
    const reader = new ShapeReader();
    const policy = readValidatingPolicy(reader, { source: { file: 'reads.yaml', document: 0, line: 1 }, value: document }, document);
    expect(reader.errors).toEqual([]);
    expect(policyReads([policy])).toEqual({
      object: [
        { key: 'metadata', below: [{ key: 'name', below: WHOLE }] },
        { key: 'spec', below: [{ key: 'a', below: WHOLE }, { key: 'c', below: WHOLE }] },
        { key: 'status', below: WHOLE },
      ],
      oldObject: [{ key: 'spec', below: [{ key: 'b', below: WHOLE }] }],
    });
  });

  it('cover the mutations of a MutatingAdmissionPolicy', () => {
    const file = fixture('mutating.yaml');
    const doc = parseManifestText(readFileSync(file, 'utf8'), file).find((d) => (d.value as JsonObject).kind === 'MutatingAdmissionPolicy');
    if (!doc) throw new Error('no MutatingAdmissionPolicy in mutating.yaml');
    const reader = new ShapeReader();
    const policy = readMutatingPolicy(reader, doc, doc.value as JsonObject);
    expect(reader.errors).toEqual([]);
    expect(policyReads([policy])).toEqual({
      object: [
        { key: 'metadata', below: [{ key: 'labels', below: WHOLE }] },
        { key: 'spec', below: [{ key: 'replicas', below: WHOLE }] },
      ],
    });
  });
});
