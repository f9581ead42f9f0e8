import { readdirSync, readFileSync } from 'node:fs';
import fastJsonPatch from 'fast-json-patch';
import { parse } from 'yaml';
import type { AdmissionRequest, JsonPatchOperation, Operation } from '../../src/admission/types.js';
import type { Configuration } from '../../src/config/load.js';
import { crdFromDocument } from '../../src/crd/load.js';
import type { JSONSchemaProps, LoadedCrd } from '../../src/crd/types.js';
import { DEFAULTING_PLUGIN } from '../../src/defaulting/plugin.js';
import type { PruningMode } from '../../src/pipeline/settings.js';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings.js';
import { compileProfiles } from '../../src/profiles/compile.js';
import type { JsonObject, JsonValue } from '../../src/util/json.js';
import { deepClone } from '../../src/util/json.js';

/** DefaultingCase is one row of a fixture table. */
export interface DefaultingCase {
  readonly name: string;
  readonly pruning?: PruningMode;
  readonly object: JsonObject;
  /** The object after the patch; absent or equal to `object` means no patch at all. */
  readonly expectedObject?: JsonObject;
  readonly expectedPatch?: JsonPatchOperation[];
  readonly expectedWarnings?: string[];
  /** For strict mode: the /validate causes as `field: message`. */
  readonly expectedStrictErrors?: string[];
}

/** DefaultingTable is one fixture file: a schema and its cases. */
export interface DefaultingTable {
  readonly file: string;
  readonly description: string;
  readonly schema: JSONSchemaProps;
  readonly cases: readonly DefaultingCase[];
}

export const FIXTURES = new URL('../fixtures/defaulting/', import.meta.url);

/** loadTables reads every fixture table under test/fixtures/defaulting/cases. */
export function loadTables(): DefaultingTable[] {
  const dir = new URL('cases/', FIXTURES);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, ...(parse(readFileSync(new URL(file, dir), 'utf8')) as Omit<DefaultingTable, 'file'>) }));
}

/** widgetCrd wraps a schema into a Widget CRD (widgets.example.com, v1). */
export function widgetCrd(schema: JSONSchemaProps): LoadedCrd {
  const value = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
  return crdFromDocument({ source: { file: 'widget.yaml', document: 0, line: 1 }, value: value as unknown as JsonValue });
}

/** defaultingConfig compiles CRDs with the defaulting plugin only. */
export function defaultingConfig(crds: readonly LoadedCrd[], pruning: PruningMode = 'prune'): Configuration {
  const settings = { ...DEFAULT_SETTINGS, pruning };
  const inputs = { policyDocuments: [], paramDocuments: [], namespaceDocuments: [], settings };
  return { profiles: compileProfiles(crds, inputs, [DEFAULTING_PLUGIN]), settings, sources: { crdPaths: [], policyPaths: [] }, loadedAt: new Date() };
}

/** requestFor builds an AdmissionRequest for an object of a profile. */
export function requestFor(
  config: Configuration,
  object: JsonObject | null,
  operation: Operation = 'CREATE',
  oldObject: JsonObject | null = null,
): AdmissionRequest {
  const profile = config.profiles.profiles[0];
  if (!profile) throw new Error('no profile');
  return {
    uid: '7f0c2c3e-0000-4000-8000-000000000001',
    kind: profile.gvk,
    resource: profile.gvr,
    operation,
    userInfo: { username: 'alice' },
    object,
    oldObject,
    dryRun: false,
    options: null,
  };
}

/**
 * applyStrictly applies a patch as the apiserver does (strict RFC 6902: add
 * needs an existing parent, remove an existing path) to a copy of `object`.
 */
export function applyStrictly(object: JsonObject, patch: readonly JsonPatchOperation[]): JsonObject {
  const copy = deepClone(object);
  return fastJsonPatch.applyPatch(copy, deepClone(patch as unknown as JsonValue) as unknown as fastJsonPatch.Operation[], true, false)
    .newDocument as JsonObject;
}
