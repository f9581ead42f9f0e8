import { fieldError } from '../admission/field-error.js';
import { ConfigError } from '../config/errors.js';
import type { ManifestDocument } from '../config/manifest-files.js';
import type { ConfigInputs } from '../profiles/plugin.js';
import { isJsonObject } from '../util/json.js';
import { readDefaultingPolicy, readMutatingBinding, readMutatingPolicy } from './load-mutating.js';
import { readValidatingBinding, readValidatingPolicy } from './load-validating.js';
import { MATCH_EVERYTHING } from './match-resources.js';
import type { NamespaceStore } from './objects.js';
import { namespaceStore, storedObjects } from './objects.js';
import { ParamStore } from './params.js';
import { ShapeReader, configErrorsOf, throwConfigErrors } from './shape.js';
import type { MutatingPolicy, PolicyBinding, ValidatingPolicy } from './types.js';

/** BoundPolicy is a policy with the bindings that refer to it, in name order. */
export interface BoundPolicy<P> {
  readonly policy: P;
  readonly bindings: readonly PolicyBinding[];
}

/** PolicySet is everything loaded from --policies, --params and --namespaces, compiled once per configuration. */
export interface PolicySet {
  readonly validating: readonly BoundPolicy<ValidatingPolicy>[];
  readonly mutating: readonly BoundPolicy<MutatingPolicy>[];
  readonly params: ParamStore;
  readonly namespaces: NamespaceStore;
}

const ADMISSION_GROUP = 'admissionregistration.k8s.io';
const ADMISSION_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];
/** DEFAULTING_API_VERSION is the apiVersion of our DefaultingPolicy. */
export const DEFAULTING_API_VERSION = 'crd-admission.dev/v1alpha1';

type Kind = 'ValidatingAdmissionPolicy' | 'ValidatingAdmissionPolicyBinding' | 'MutatingAdmissionPolicy' | 'MutatingAdmissionPolicyBinding' | 'DefaultingPolicy';
const ADMISSION_KINDS: readonly string[] = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'];

function kindOf(doc: ManifestDocument): Kind | ConfigError {
  const value = doc.value;
  const fail = (path: string, problem: string): ConfigError => new ConfigError(doc.source.file, problem, path, doc.source.line);
  if (!isJsonObject(value)) return fail('', 'document is not an object');
  const { apiVersion, kind } = value;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return fail(typeof kind !== 'string' ? 'kind' : 'apiVersion', 'Required value');
  if (kind === 'DefaultingPolicy' && apiVersion === DEFAULTING_API_VERSION) return kind;
  const [group, version] = apiVersion.split('/');
  if (ADMISSION_KINDS.includes(kind) && group === ADMISSION_GROUP && ADMISSION_VERSIONS.includes(version ?? '')) return kind as Kind;
  return fail(
    'kind',
    `${apiVersion} ${kind} is not an admission policy: --policies files hold admissionregistration.k8s.io ValidatingAdmissionPolicy, MutatingAdmissionPolicy and their bindings, and ${DEFAULTING_API_VERSION} DefaultingPolicy`,
  );
}

interface Collected {
  readonly validating: Map<string, { policy: ValidatingPolicy; doc: ManifestDocument }>;
  readonly mutating: Map<string, { policy: MutatingPolicy; doc: ManifestDocument }>;
  readonly validatingBindings: { binding: PolicyBinding; doc: ManifestDocument }[];
  readonly mutatingBindings: { binding: PolicyBinding; doc: ManifestDocument }[];
}

function collect(documents: readonly ManifestDocument[], errors: ConfigError[]): Collected {
  const out: Collected = { validating: new Map(), mutating: new Map(), validatingBindings: [], mutatingBindings: [] };
  for (const doc of documents) {
    const kind = kindOf(doc);
    if (kind instanceof ConfigError) {
      errors.push(kind);
      continue;
    }
    const reader = new ShapeReader();
    const value = doc.value as Parameters<typeof readValidatingPolicy>[2];
    const remember = <P extends { name: string }>(map: Map<string, { policy: P; doc: ManifestDocument }>, policy: P): void => {
      if (map.has(policy.name)) reader.add(fieldError('FieldValueDuplicate', 'metadata.name', policy.name, `another ${kind} has this name`));
      else map.set(policy.name, { policy, doc });
    };
    if (kind === 'ValidatingAdmissionPolicy') remember(out.validating, readValidatingPolicy(reader, doc, value));
    else if (kind === 'MutatingAdmissionPolicy') remember(out.mutating, readMutatingPolicy(reader, doc, value));
    else if (kind === 'ValidatingAdmissionPolicyBinding') out.validatingBindings.push({ binding: readValidatingBinding(reader, doc, value), doc });
    else if (kind === 'MutatingAdmissionPolicyBinding') out.mutatingBindings.push({ binding: readMutatingBinding(reader, doc, value), doc });
    else {
      const { policy, paramRef } = readDefaultingPolicy(reader, doc, value);
      remember(out.mutating, policy);
      const binding = { name: policy.name, source: doc.source, policyName: policy.name, matchResources: MATCH_EVERYTHING, validationActions: [] };
      out.mutatingBindings.push({ binding: paramRef ? { ...binding, paramRef } : binding, doc });
    }
    errors.push(...configErrorsOf(doc, reader.errors));
  }
  return out;
}

function bind<P extends { readonly name: string }>(
  policies: ReadonlyMap<string, { policy: P; doc: ManifestDocument }>,
  bindings: readonly { binding: PolicyBinding; doc: ManifestDocument }[],
  policyKind: string,
  errors: ConfigError[],
): BoundPolicy<P>[] {
  const byPolicy = new Map<string, PolicyBinding[]>();
  const names = new Set<string>();
  for (const { binding, doc } of bindings) {
    const problem = !policies.has(binding.policyName)
      ? `Not found: no ${policyKind} named ${JSON.stringify(binding.policyName)} in the --policies files`
      : names.has(binding.name) && binding.name !== binding.policyName
        ? `Duplicate value: ${JSON.stringify(binding.name)}`
        : undefined;
    if (problem) {
      errors.push(new ConfigError(doc.source.file, problem, names.has(binding.name) ? 'metadata.name' : 'spec.policyName', doc.source.line));
      continue;
    }
    names.add(binding.name);
    byPolicy.set(binding.policyName, [...(byPolicy.get(binding.policyName) ?? []), binding]);
  }
  return [...policies.values()]
    .map(({ policy }) => ({ policy, bindings: (byPolicy.get(policy.name) ?? []).sort((a, b) => a.name.localeCompare(b.name)) }))
    .sort((a, b) => a.policy.name.localeCompare(b.policy.name));
}

/**
 * loadPolicySet reads and compiles every policy, binding, parameter and
 * namespace document. Every problem found is thrown together: a ConfigError
 * (or ConfigErrors) naming file, line and JSON path.
 */
export function loadPolicySet(inputs: Pick<ConfigInputs, 'policyDocuments' | 'paramDocuments' | 'namespaceDocuments'>): PolicySet {
  const errors: ConfigError[] = [];
  const collected = collect(inputs.policyDocuments, errors);
  const validating = bind(collected.validating, collected.validatingBindings, 'ValidatingAdmissionPolicy', errors);
  const mutating = bind(collected.mutating, collected.mutatingBindings, 'MutatingAdmissionPolicy', errors);
  throwConfigErrors(errors);
  return {
    validating,
    mutating,
    params: new ParamStore(storedObjects(inputs.paramDocuments)),
    namespaces: namespaceStore(inputs.namespaceDocuments),
  };
}

const cache = new WeakMap<object, PolicySet>();

/** policySetFor loads the policy set of one configuration once, however many profiles ask for it. */
export function policySetFor(inputs: ConfigInputs): PolicySet {
  const key = inputs.policyDocuments;
  let set = cache.get(key);
  if (!set) {
    set = loadPolicySet(inputs);
    cache.set(key, set);
  }
  return set;
}
