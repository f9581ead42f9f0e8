import { ConfigError } from '../config/errors.js';
import type { ManifestDocument, ManifestSource } from '../config/manifest-files.js';
import { toCelValue } from '../cel/environment.js';
import type { JsonObject } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { labelsOf } from './selector.js';

/** StoredObject is a parameter or namespace object read from a file, with its CEL value made once at load. */
export interface StoredObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: JsonObject;
  readonly celValue: unknown;
  readonly source: ManifestSource;
}

function fail(doc: ManifestDocument, path: string, problem: string): never {
  throw new ConfigError(doc.source.file, problem, path, doc.source.line);
}

/**
 * storedObjects reads Kubernetes objects (and the items of `kind: List` or
 * `*List` documents), checking apiVersion, kind and metadata.name.
 */
export function storedObjects(documents: readonly ManifestDocument[]): StoredObject[] {
  const out: StoredObject[] = [];
  for (const doc of documents) {
    const value = doc.value;
    if (!isJsonObject(value)) fail(doc, '', 'document is not an object');
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, i) => out.push(storedObject(doc, item, `items[${i}].`)));
    } else {
      out.push(storedObject(doc, value, ''));
    }
  }
  return out;
}

function storedObject(doc: ManifestDocument, value: unknown, prefix: string): StoredObject {
  if (!isJsonObject(value)) fail(doc, prefix.slice(0, -1), 'must be an object');
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') fail(doc, `${prefix}apiVersion`, 'Required value');
  if (typeof value.kind !== 'string' || value.kind === '') fail(doc, `${prefix}kind`, 'Required value');
  const metadata = isJsonObject(value.metadata) ? value.metadata : {};
  if (typeof metadata.name !== 'string' || metadata.name === '') fail(doc, `${prefix}metadata.name`, 'Required value');
  return {
    apiVersion: value.apiVersion,
    kind: value.kind,
    name: metadata.name,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    labels: labelsOf(value),
    value,
    celValue: toCelValue(value),
    source: doc.source,
  };
}

// The apiserver sets this label on every namespace (NamespaceDefaultLabelName, 1.21+).
const NAME_LABEL = 'kubernetes.io/metadata.name';

/** NamespaceStore answers namespace lookups from the objects of the --namespaces files. */
export class NamespaceStore {
  private readonly byName = new Map<string, StoredObject>();

  private readonly labelsByName = new Map<string, Readonly<Record<string, string>>>();

  constructor(objects: readonly StoredObject[]) {
    for (const object of objects) {
      this.byName.set(object.name, object);
      this.labelsByName.set(object.name, { ...object.labels, [NAME_LABEL]: object.name });
    }
  }

  /** get returns the namespace object, or undefined when the files do not know it. */
  get(name: string): StoredObject | undefined {
    return this.byName.get(name);
  }

  /**
   * labels returns a namespace's labels; an unknown namespace has only the
   * `kubernetes.io/metadata.name` label the apiserver puts on every namespace.
   */
  labels(name: string): Readonly<Record<string, string>> {
    return this.labelsByName.get(name) ?? { [NAME_LABEL]: name };
  }
}

/** namespaceStore reads --namespaces documents: only `v1 Namespace` objects (or lists of them). */
export function namespaceStore(documents: readonly ManifestDocument[]): NamespaceStore {
  const objects = storedObjects(documents);
  for (const object of objects) {
    if (object.apiVersion !== 'v1' || object.kind !== 'Namespace') {
      throw new ConfigError(
        object.source.file,
        `expected a v1 Namespace, found ${object.apiVersion} ${object.kind} ${JSON.stringify(object.name)}`,
        'kind',
        object.source.line,
      );
    }
  }
  return new NamespaceStore(objects);
}
