import { createHash } from 'node:crypto';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IIoK8sApiCoreV1KeyToPath as KeyToPath } from 'kubernetes-models/v1/KeyToPath';
import { stringify } from 'yaml';
import { describeSource } from '../config/manifest-files.js';
import type { ManifestDocument } from '../config/manifest-files.js';
import { isJsonObject } from '../util/json.js';
import { compactCrd } from './compact.js';
import { CONFIG_MAP_MAX_BYTES } from './defaults.js';
import type { ManifestOptions } from './options.js';
import { commonLabels, objectNames } from './options.js';
import { compareStrings } from './rules.js';

/** ConfigEntry is one file of the server's configuration: ConfigMap key, path under the mount, content. */
export interface ConfigEntry {
  readonly key: string;
  readonly path: string;
  readonly text: string;
}

/**
 * documentJson renders one configuration document as compact JSON (which the
 * server reads like YAML): deeply nested schemas are several times smaller
 * without YAML's indentation. The final newline makes it a YAML block scalar.
 */
export function documentJson(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** documentYaml renders one document the same way every time (no line folding). */
export function documentYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

function policyKey(doc: ManifestDocument): string {
  const value = doc.value;
  const metadata = isJsonObject(value) ? value.metadata : undefined;
  const kind = isJsonObject(value) ? value.kind : undefined;
  const name = isJsonObject(metadata) ? metadata.name : undefined;
  if (typeof kind !== 'string' || typeof name !== 'string' || !/^[A-Za-z0-9]+$/.test(kind)) {
    throw new Error(`${describeSource(doc.source)}: a policy document needs a kind and metadata.name`);
  }
  const namespace = isJsonObject(metadata) && typeof metadata.namespace === 'string' ? `${metadata.namespace}.` : '';
  return `${kind.toLowerCase()}.${namespace}${name}`;
}

/**
 * configEntries lists the files the server loads: one per CRD (named after
 * it, compacted) and one per policy document, sorted by key. Two documents with the same
 * key are an error rather than one silently replacing the other.
 */
export function configEntries(opts: ManifestOptions): ConfigEntry[] {
  const entries = new Map<string, ConfigEntry>();
  const add = (entry: ConfigEntry, where: string): void => {
    // The apiserver's IsConfigMapKey: at most 253 characters of [-._a-zA-Z0-9].
    if (entry.key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(entry.key)) {
      throw new Error(`${where}: ${JSON.stringify(entry.key)} is not a valid ConfigMap key (at most 253 of [-._a-zA-Z0-9])`);
    }
    if (entries.has(entry.key)) throw new Error(`${where}: two documents would both be stored as ${entry.key}`);
    entries.set(entry.key, entry);
  };
  for (const { crd, source } of opts.crds) {
    const key = `crd.${crd.metadata.name}.json`;
    add({ key, path: `crds/${crd.metadata.name}.json`, text: documentJson(compactCrd(crd)) }, describeSource(source));
  }
  for (const doc of opts.policyDocuments) {
    const base = policyKey(doc);
    add({ key: `policy.${base}.json`, path: `policies/${base}.json`, text: documentJson(doc.value) }, describeSource(doc.source));
  }
  return [...entries.values()].sort((a, b) => compareStrings(a.key, b.key));
}

/** configItems maps ConfigMap keys to files under the mount (crds/, policies/). */
export function configItems(entries: readonly ConfigEntry[]): KeyToPath[] {
  return entries.map((e) => ({ key: e.key, path: e.path }));
}

/** configHash fingerprints the configuration so a change rolls the pods. */
export function configHash(entries: readonly ConfigEntry[]): string {
  const hash = createHash('sha256');
  for (const e of entries) hash.update(`${e.key}\0${e.text}\0`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * configMap holds the CRDs and policies the server loads. The apiserver
 * refuses a ConfigMap whose data exceeds 1 MiB; that is reported here, before
 * `kubectl apply` would fail.
 */
export function configMap(opts: ManifestOptions, entries: readonly ConfigEntry[]): IConfigMap {
  const data: Record<string, string> = {};
  let size = 0;
  for (const e of entries) {
    data[e.key] = e.text;
    size += e.key.length + Buffer.byteLength(e.text, 'utf8');
  }
  if (size > CONFIG_MAP_MAX_BYTES) {
    throw new Error(
      `the ConfigMap would hold ${size} bytes of CRDs and policies, more than the ${CONFIG_MAP_MAX_BYTES} the apiserver accepts; ` +
        'split the CRDs over several installs or use --webhooks-only and mount the files another way',
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: objectNames(opts).configMap, namespace: opts.namespace, labels: commonLabels(opts) },
    data,
  };
}
