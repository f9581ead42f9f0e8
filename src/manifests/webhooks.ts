import type { IMutatingWebhook } from 'kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhook';
import type { IMutatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration';
import type { IValidatingWebhook } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhook';
import type { IValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import type { CustomResourceDefinition } from '../crd/types.js';
import { clientConfig } from './client-config.js';
import {
  ADMISSION_REVIEW_VERSIONS,
  MATCH_POLICY,
  MUTATE_PATH,
  NAMESPACE_NAME_LABEL,
  REINVOCATION_POLICY,
  SIDE_EFFECTS,
  SYSTEM_NAMESPACES,
  VALIDATE_PATH,
} from './defaults.js';
import type { ManifestOptions } from './options.js';
import { commonLabels, objectNames } from './options.js';
import type { Operation, WebhookRule } from './rules.js';
import { compareStrings, crdRules, policiesDeleting } from './rules.js';

type ObjectMeta = NonNullable<IValidatingWebhookConfiguration['metadata']>;
type LabelSelector = NonNullable<IValidatingWebhook['namespaceSelector']>;

/** DNS_SUBDOMAIN_MAX is the longest webhook name the apiserver accepts. */
const DNS_SUBDOMAIN_MAX = 253;

/**
 * webhookName is `<prefix>.<crd name>`: a CRD's name is `<plural>.<group>` and
 * a group has a dot, so the name always has the three DNS labels the apiserver
 * requires, and the apiserver's messages name the CRD the webhook is for.
 */
export function webhookName(prefix: 'validate' | 'mutate', crd: CustomResourceDefinition): string {
  const name = `${prefix}.${crd.metadata.name}`;
  if (name.length > DNS_SUBDOMAIN_MAX) {
    throw new Error(`webhook name ${JSON.stringify(name)} is longer than ${DNS_SUBDOMAIN_MAX} characters; the CRD name is too long`);
  }
  return name;
}

/** namespaceSelector skips the webhook's own namespace (so it can always restart) and kube-system. */
export function namespaceSelector(opts: ManifestOptions): LabelSelector {
  const values = [...new Set([opts.namespace, ...SYSTEM_NAMESPACES])].sort(compareStrings);
  return { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values }] };
}

function sortedCrds(opts: ManifestOptions): CustomResourceDefinition[] {
  return opts.crds.map((l) => l.crd).sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
}

function configurationMetadata(opts: ManifestOptions): ObjectMeta {
  const names = objectNames(opts);
  const metadata: ObjectMeta = { name: names.configurations, labels: commonLabels(opts) };
  if (opts.trust.kind === 'cert-manager') {
    metadata.annotations = { 'cert-manager.io/inject-ca-from': `${opts.namespace}/${names.certificate}` };
  }
  return metadata;
}

/** WebhookFields are the fields both kinds of webhook share, named once. */
type WebhookFields = Omit<IValidatingWebhook, 'name'>;

function commonWebhookFields(opts: ManifestOptions, path: string, rules: WebhookRule[]): WebhookFields {
  return {
    admissionReviewVersions: [...ADMISSION_REVIEW_VERSIONS],
    clientConfig: clientConfig(opts, path),
    rules,
    failurePolicy: opts.failurePolicy,
    matchPolicy: MATCH_POLICY,
    namespaceSelector: namespaceSelector(opts),
    sideEffects: SIDE_EFFECTS,
    timeoutSeconds: opts.timeoutSeconds,
  };
}

/**
 * validatingWebhookConfiguration has one webhook per CRD for CREATE and
 * UPDATE (plus DELETE where a policy asks for it) of the resource and its
 * `/status` and `/scale` subresources.
 */
export function validatingWebhookConfiguration(opts: ManifestOptions): IValidatingWebhookConfiguration {
  const webhooks = sortedCrds(opts).map((crd): IValidatingWebhook => {
    const operations: Operation[] = policiesDeleting(opts.policyDocuments, crd) ? ['CREATE', 'UPDATE', 'DELETE'] : ['CREATE', 'UPDATE'];
    const rules = crdRules(crd, operations, { status: true, scale: true });
    return { name: webhookName('validate', crd), ...commonWebhookFields(opts, VALIDATE_PATH, rules) };
  });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: configurationMetadata(opts),
    webhooks,
  };
}

/**
 * mutatingWebhookConfiguration has one webhook per CRD for CREATE and UPDATE
 * of the resource and `/status`. `/scale` is left out: a scale request carries
 * an autoscaling/v1 Scale, which has no defaults of ours, and the HPA would
 * pay a call for nothing. DELETE has no object to patch.
 */
export function mutatingWebhookConfiguration(opts: ManifestOptions): IMutatingWebhookConfiguration {
  const webhooks = sortedCrds(opts).map((crd): IMutatingWebhook => {
    const rules = crdRules(crd, ['CREATE', 'UPDATE'], { status: true, scale: false });
    return {
      name: webhookName('mutate', crd),
      ...commonWebhookFields(opts, MUTATE_PATH, rules),
      reinvocationPolicy: REINVOCATION_POLICY,
    };
  });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: configurationMetadata(opts),
    webhooks,
  };
}
