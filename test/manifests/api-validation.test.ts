import { Issuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { MutatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration';
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../src/manifests/render.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isPortName, labelSelectorErrors, objectMetaErrors } from './api-rules.js';
import { BASE_FLAGS, byKind, FIXTURES, objectsFor, REAL_CRDS } from './helpers.js';
import { webhookConfigurationErrors } from './webhook-rules.js';

/** MODELS are the Kubernetes API's OpenAPI schemas for each kind, as published by kubernetes-models. */
const MODELS: Record<string, { new (data: any): { validate(): void } }> = {
  Namespace,
  ServiceAccount,
  ConfigMap,
  Service,
  Deployment,
  PodDisruptionBudget,
  NetworkPolicy,
  ValidatingWebhookConfiguration,
  MutatingWebhookConfiguration,
  Certificate,
  Issuer,
};

/** How each kind's name is validated (ValidateObjectMeta's nameFn), and whether it is namespaced. */
const NAMES: Record<string, [(name: string) => boolean, boolean]> = {
  Namespace: [isDns1123Label, false],
  Service: [isDns1035Label, true],
  ValidatingWebhookConfiguration: [isDns1123Subdomain, false],
  MutatingWebhookConfiguration: [isDns1123Subdomain, false],
};

const VARIANTS: Record<string, string[]> = {
  'bundled examples': BASE_FLAGS,
  'static caBundle, policies and a cluster-scoped CRD': [
    ...BASE_FLAGS,
    '--crds',
    `${FIXTURES}widgets-cluster-scoped.yaml`,
    '--policies',
    `${FIXTURES}policies`,
    '--ca-bundle',
    `${FIXTURES}ca.crt`,
  ],
  'cert-manager, self-signed': [...BASE_FLAGS, '--cert-manager', 'self-signed', '--replicas', '3'],
  'webhook outside the cluster': [...BASE_FLAGS, '--url', 'https://10.0.0.5:8443', '--ca-bundle', `${FIXTURES}ca.crt`],
  'every real CRD of cert-manager, Cluster API and Kueue': ['--crds', REAL_CRDS, '--namespace', 'crd-admission', '--service', 'crd-admission'],
};

function schemaErrors(object: KubernetesObject): string | undefined {
  const Model = MODELS[object.kind];
  if (!Model) return `no model for ${object.kind}`;
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe.each(Object.entries(VARIANTS))('generated objects (%s)', (_name, argv) => {
  it('validate against the Kubernetes OpenAPI schemas of their kinds', async () => {
    for (const object of await objectsFor(argv)) expect(schemaErrors(object), object.kind).toBeUndefined();
  });

  it('have names, namespaces, labels and annotation keys the apiserver accepts', async () => {
    for (const object of await objectsFor(argv)) {
      const [nameIsValid, namespaced] = NAMES[object.kind] ?? [isDns1123Subdomain, true];
      expect(objectMetaErrors(object.metadata, nameIsValid, namespaced), object.kind).toEqual([]);
    }
  });

  it('pass the admissionregistration.k8s.io/v1 validation of webhook configurations', async () => {
    const objects = await objectsFor(argv);
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      const config = byKind(objects, kind);
      expect(config.webhooks.length).toBeGreaterThan(0);
      expect(webhookConfigurationErrors(config), kind).toEqual([]);
    }
  });
});

describe('the workload objects fit together as the apiserver and kubelet require', () => {
  it('selects the pod template with the Deployment, Service, PDB and NetworkPolicy selectors', async () => {
    const objects = await objectsFor(BASE_FLAGS);
    const deployment = byKind(objects, 'Deployment');
    const podLabels = deployment.spec.template.metadata.labels;
    const selectors = [
      deployment.spec.selector.matchLabels,
      byKind(objects, 'Service').spec.selector,
      byKind(objects, 'PodDisruptionBudget').spec.selector.matchLabels,
      byKind(objects, 'NetworkPolicy').spec.podSelector.matchLabels,
    ];
    for (const selector of selectors) expect(podLabels).toMatchObject(selector);
    expect(labelSelectorErrors(deployment.spec.selector, 'spec.selector')).toEqual([]);
  });

  it('routes Service port 443 to the named container port the NetworkPolicy opens and the probes use', async () => {
    const objects = await objectsFor(BASE_FLAGS);
    const container = byKind(objects, 'Deployment').spec.template.spec.containers[0];
    const port = container.ports[0];
    expect(isPortName(port.name)).toBe(true);
    expect(byKind(objects, 'Service').spec.ports).toEqual([{ name: 'https', port: 443, targetPort: port.name, protocol: 'TCP' }]);
    expect(byKind(objects, 'NetworkPolicy').spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: port.containerPort }] }]);
    expect(port.containerPort).toBe(8443);
    for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe.httpGet).toMatchObject({ port: port.name, scheme: 'HTTPS' });
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
  });

  it('mounts every ConfigMap key the server is told to read, and the certificate files serve is given', async () => {
    const objects = await objectsFor([...BASE_FLAGS, '--policies', `${FIXTURES}policies`]);
    const pod = byKind(objects, 'Deployment').spec.template.spec;
    const data = byKind(objects, 'ConfigMap').data;
    const items = pod.volumes.find((v: { name: string }) => v.name === 'config').configMap.items;
    expect(items.map((i: { key: string }) => i.key).sort()).toEqual(Object.keys(data).sort());
    const args: string[] = pod.containers[0].args;
    expect(args).toEqual([
      '--crds',
      '/etc/crd-admission/config/crds',
      '--policies',
      '/etc/crd-admission/config/policies',
      '--tls-cert',
      '/etc/crd-admission/tls/tls.crt',
      '--tls-key',
      '/etc/crd-admission/tls/tls.key',
      '--port',
      '8443',
    ]);
    const mounts = pod.containers[0].volumeMounts.map((m: { name: string }) => m.name).sort();
    expect(mounts).toEqual(pod.volumes.map((v: { name: string }) => v.name).sort());
    for (const name of [...mounts, pod.containers[0].name]) expect(isDns1123Label(name)).toBe(true);
  });

  it('runs as the restricted Pod Security Standard requires, with a preStop sleep the distroless image needs no shell for', async () => {
    const deployment = byKind(await objectsFor(BASE_FLAGS), 'Deployment');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    expect(container.lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5 + 30);
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.topologySpreadConstraints.length).toBeGreaterThan(0);
  });
});

describe('the checks themselves catch what the apiserver refuses', () => {
  const valid = {
    name: 'validate.crontabs.stable.example.com',
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    clientConfig: { service: { namespace: 'ns', name: 'svc', path: '/validate', port: 443 } },
    rules: [{ operations: ['CREATE'], apiGroups: ['a.b'], apiVersions: ['v1'], resources: ['xs'], scope: 'Namespaced' }],
  };
  const errorsOf = (hook: Record<string, unknown>) =>
    webhookConfigurationErrors({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'x' }, webhooks: [hook] });

  it.each([
    ['a name with two labels', { name: 'crontabs.example' }, 'should be a domain with at least three segments separated by dots'],
    ['a timeout of 31 s', { timeoutSeconds: 31 }, 'the timeout value must be between 1 and 30 seconds'],
    ['a timeout of 0 s', { timeoutSeconds: 0 }, 'the timeout value must be between 1 and 30 seconds'],
    ['side effects Some', { sideEffects: 'Some' }, 'sideEffects: Unsupported value'],
    ['no side effects field', { sideEffects: undefined }, 'sideEffects: Required value'],
    ['only unknown review versions', { admissionReviewVersions: ['v2'] }, 'must include at least one of v1, v1beta1'],
    ['a duplicate review version', { admissionReviewVersions: ['v1', 'v1'] }, 'duplicate version'],
    ['an http URL', { clientConfig: { url: 'http://h:8443/validate' } }, "'https' is the only allowed URL scheme"],
    ['a URL with a query', { clientConfig: { url: 'https://h/validate?x=1' } }, 'query parameters are not permitted in the URL'],
    ['a URL with a fragment', { clientConfig: { url: 'https://h/validate#x' } }, 'fragments are not permitted in the URL'],
    ['a URL with user information', { clientConfig: { url: 'https://u:p@h/validate' } }, 'user information is not permitted in the URL'],
    ['both url and service', { clientConfig: { url: 'https://h/', service: valid.clientConfig.service } }, 'exactly one of url or service is required'],
    ['a wildcard among resources', { rules: [{ ...valid.rules[0], resources: ['*', 'xs'] }] }, "if '*' is present, must not specify other resources without subresources"],
    ['x/* beside x/y', { rules: [{ ...valid.rules[0], resources: ['xs/*', 'xs/status'] }] }, "if 'xs/*' is present, must not specify xs/status"],
    ['a wildcard among operations', { rules: [{ ...valid.rules[0], operations: ['*', 'CREATE'] }] }, "if '*' is present, the length of operations must be one"],
    ['an unknown scope', { rules: [{ ...valid.rules[0], scope: 'Cluster-wide' }] }, 'scope: Unsupported value'],
    ['NotIn without values', { namespaceSelector: { matchExpressions: [{ key: 'k', operator: 'NotIn', values: [] }] } }, "must be specified when `operator` is 'In' or 'NotIn'"],
  ])('refuses %s', (_name, change, message) => {
    expect(errorsOf(valid)).toEqual([]);
    expect(errorsOf({ ...valid, ...change }).join('\n')).toContain(message);
  });

  it('refuses two webhooks with the same name', () => {
    const errors = webhookConfigurationErrors({ kind: 'ValidatingWebhookConfiguration', metadata: { name: 'x' }, webhooks: [valid, valid] });
    expect(errors).toEqual(['webhooks[1].name: Duplicate value: "validate.crontabs.stable.example.com"']);
  });

  it('refuses a Deployment whose field has the wrong type, through the published schema', () => {
    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two' } } as KubernetesObject)).toMatch(/must be integer/);
  });
});
