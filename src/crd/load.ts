import type { ManifestDocument } from '../config/manifest-files.js';
import { ConfigError } from '../config/errors.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { CustomResourceDefinition, LoadedCrd } from './types.js';

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

function problem(doc: ManifestDocument, path: string, message: string): ConfigError {
  return new ConfigError(doc.source.file, message, path, doc.source.line);
}

function requireString(doc: ManifestDocument, value: JsonValue | undefined, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw problem(doc, path, 'Required value: must be a non-empty string');
  return value;
}

/**
 * crdFromDocument checks the shape of one CustomResourceDefinition document
 * (the parts the webhook relies on; schemas are checked when they compile).
 */
export function crdFromDocument(doc: ManifestDocument): LoadedCrd {
  const value = doc.value;
  if (!isJsonObject(value)) throw problem(doc, '', 'document is not an object');
  if (value.kind !== 'CustomResourceDefinition') {
    throw problem(doc, 'kind', `expected a CustomResourceDefinition, found ${JSON.stringify(value.kind ?? null)}`);
  }
  if (value.apiVersion !== CRD_API_VERSION) {
    throw problem(doc, 'apiVersion', `expected ${CRD_API_VERSION}, found ${JSON.stringify(value.apiVersion ?? null)}`);
  }
  const metadata = value.metadata;
  if (!isJsonObject(metadata)) throw problem(doc, 'metadata', 'Required value');
  const name = requireString(doc, metadata.name, 'metadata.name');
  const spec = value.spec;
  if (!isJsonObject(spec)) throw problem(doc, 'spec', 'Required value');
  const group = requireString(doc, spec.group, 'spec.group');
  const names = spec.names;
  if (!isJsonObject(names)) throw problem(doc, 'spec.names', 'Required value');
  const plural = requireString(doc, names.plural, 'spec.names.plural');
  requireString(doc, names.kind, 'spec.names.kind');
  if (name !== `${plural}.${group}`) {
    throw problem(doc, 'metadata.name', `Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group`);
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    throw problem(doc, 'spec.scope', `Unsupported value: ${JSON.stringify(spec.scope ?? null)}: supported values: "Cluster", "Namespaced"`);
  }
  const versions = spec.versions;
  if (!Array.isArray(versions) || versions.length === 0) throw problem(doc, 'spec.versions', 'Required value: must have at least one version');
  const seen = new Set<string>();
  versions.forEach((version, i) => {
    const path = `spec.versions[${i}]`;
    if (!isJsonObject(version)) throw problem(doc, path, 'must be an object');
    const versionName = requireString(doc, version.name, `${path}.name`);
    if (seen.has(versionName)) throw problem(doc, `${path}.name`, `Duplicate value: ${JSON.stringify(versionName)}`);
    seen.add(versionName);
    if (typeof version.served !== 'boolean') throw problem(doc, `${path}.served`, 'Required value');
    if (typeof version.storage !== 'boolean') throw problem(doc, `${path}.storage`, 'Required value');
    const schema = version.schema;
    if (version.served && !(isJsonObject(schema) && isJsonObject(schema.openAPIV3Schema))) {
      throw problem(doc, `${path}.schema.openAPIV3Schema`, 'Required value: schemas are required');
    }
  });
  if (versions.filter((v) => isJsonObject(v) && v.storage === true).length !== 1) {
    throw problem(doc, 'spec.versions', 'Invalid value: must have exactly one version marked as storage version');
  }
  return { crd: value as unknown as CustomResourceDefinition, source: doc.source };
}

/** loadCrds turns parsed documents into CRDs, refusing two CRDs with the same name. */
export function loadCrds(documents: readonly ManifestDocument[]): LoadedCrd[] {
  const byName = new Map<string, LoadedCrd>();
  for (const doc of documents) {
    const loaded = crdFromDocument(doc);
    const previous = byName.get(loaded.crd.metadata.name);
    if (previous) {
      throw problem(
        doc,
        'metadata.name',
        `Duplicate value: ${JSON.stringify(loaded.crd.metadata.name)}: already loaded from ${previous.source.file}:${previous.source.line}`,
      );
    }
    byName.set(loaded.crd.metadata.name, loaded);
  }
  return [...byName.values()];
}
