import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CustomResourceDefinition } from '../../src/crd/types.js';
import { kustomizeFiles, manifestsYaml } from '../../src/manifests/render.js';
import { policiesDeleting } from '../../src/manifests/rules.js';
import { BASE_FLAGS, byKind, EXAMPLE_CRDS, FIXTURES, objectsFor } from './helpers.js';

const WIDGETS = `${FIXTURES}widgets-cluster-scoped.yaml`;
const POLICIES = `${FIXTURES}policies`;
const withWidgets = [...BASE_FLAGS, '--crds', WIDGETS];

function hook(config: Record<string, any>, name: string): Record<string, any> {
  const found = config.webhooks.find((w: { name: string }) => w.name === name);
  if (!found) throw new Error(`no webhook ${name}`);
  return found;
}

describe('webhook rules derived from the CRDs', () => {
  it('lists each served version with the subresources that version enables, never an unserved one', async () => {
    const vwc = byKind(await objectsFor(withWidgets), 'ValidatingWebhookConfiguration');
    expect(hook(vwc, 'validate.widgets.ops.example.com').rules).toEqual([
      { operations: ['CREATE', 'UPDATE'], apiGroups: ['ops.example.com'], apiVersions: ['v1'], resources: ['widgets', 'widgets/status'], scope: 'Cluster' },
      {
        operations: ['CREATE', 'UPDATE'],
        apiGroups: ['ops.example.com'],
        apiVersions: ['v1beta1'],
        resources: ['widgets', 'widgets/status', 'widgets/scale'],
        scope: 'Cluster',
      },
    ]);
  });

  it('gives the CronTab of the docs both served versions, namespaced, with /status and /scale on v1', async () => {
    const vwc = byKind(await objectsFor(BASE_FLAGS), 'ValidatingWebhookConfiguration');
    const rules = hook(vwc, 'validate.crontabs.stable.example.com').rules;
    expect(rules.flatMap((r: { apiVersions: string[] }) => r.apiVersions).sort()).toEqual(['v1', 'v1beta1']);
    expect(rules.every((r: { scope: string }) => r.scope === 'Namespaced')).toBe(true);
    expect(rules.find((r: { apiVersions: string[] }) => r.apiVersions.includes('v1')).resources).toEqual(['crontabs', 'crontabs/status', 'crontabs/scale']);
  });

  it('leaves /scale out of the mutating webhook: a Scale object has no defaults of ours', async () => {
    const mwc = byKind(await objectsFor(BASE_FLAGS), 'MutatingWebhookConfiguration');
    const resources = hook(mwc, 'mutate.crontabs.stable.example.com').rules.flatMap((r: { resources: string[] }) => r.resources);
    expect(resources).toContain('crontabs/status');
    expect(resources).not.toContain('crontabs/scale');
  });

  it('registers DELETE only for a resource a ValidatingAdmissionPolicy asks it for, and only when validating', async () => {
    const objects = await objectsFor([...withWidgets, '--policies', POLICIES]);
    const vwc = byKind(objects, 'ValidatingWebhookConfiguration');
    const mwc = byKind(objects, 'MutatingWebhookConfiguration');
    const ops = (config: Record<string, any>, name: string) => [...new Set(hook(config, name).rules.flatMap((r: { operations: string[] }) => r.operations))];
    expect(ops(vwc, 'validate.widgets.ops.example.com')).toEqual(['CREATE', 'UPDATE', 'DELETE']);
    expect(ops(vwc, 'validate.crontabs.stable.example.com')).toEqual(['CREATE', 'UPDATE']);
    expect(ops(mwc, 'mutate.widgets.ops.example.com')).toEqual(['CREATE', 'UPDATE']);
  });

  it('adds DELETE for `*` operations on `*` resources, not for the `x/*` subresources', () => {
    const doc = (resources: string[], operations: string[]) => ({
      source: { file: 'p.yaml', document: 0, line: 1 },
      value: { kind: 'ValidatingAdmissionPolicy', spec: { matchConstraints: { resourceRules: [{ apiGroups: ['*'], resources, operations }] } } },
    });
    const widgets = { spec: { group: 'ops.example.com', names: { plural: 'widgets', kind: 'Widget' } } } as unknown as CustomResourceDefinition;
    expect(policiesDeleting([doc(['*'], ['*'])], widgets)).toBe(true);
    expect(policiesDeleting([doc(['*/*'], ['DELETE'])], widgets)).toBe(true);
    expect(policiesDeleting([doc(['widgets/*'], ['*'])], widgets)).toBe(false);
    expect(policiesDeleting([doc(['widgets'], ['CREATE', 'UPDATE'])], widgets)).toBe(false);
    expect(policiesDeleting([doc(['gadgets'], ['DELETE'])], widgets)).toBe(false);
  });

  it('never sends the webhook its own namespace or kube-system', async () => {
    const objects = await objectsFor(['--crds', EXAMPLE_CRDS, '--namespace', 'platform', '--service', 'admission']);
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      for (const w of byKind(objects, kind).webhooks) {
        expect(w.namespaceSelector).toEqual({
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'platform'] }],
        });
      }
    }
  });

  it('writes the defaults out: Fail, 5 s, Equivalent, no side effects, v1 then v1beta1, IfNeeded reinvocation', async () => {
    const objects = await objectsFor(BASE_FLAGS);
    const v = byKind(objects, 'ValidatingWebhookConfiguration').webhooks[0];
    const m = byKind(objects, 'MutatingWebhookConfiguration').webhooks[0];
    for (const w of [v, m]) {
      expect(w).toMatchObject({ failurePolicy: 'Fail', timeoutSeconds: 5, matchPolicy: 'Equivalent', sideEffects: 'None', admissionReviewVersions: ['v1', 'v1beta1'] });
    }
    expect(m.reinvocationPolicy).toBe('IfNeeded');
    expect(v.reinvocationPolicy).toBeUndefined();
  });

  it('takes --failure-policy and --timeout-seconds', async () => {
    const objects = await objectsFor([...BASE_FLAGS, '--failure-policy', 'Ignore', '--timeout-seconds', '30']);
    expect(byKind(objects, 'ValidatingWebhookConfiguration').webhooks[0]).toMatchObject({ failurePolicy: 'Ignore', timeoutSeconds: 30 });
  });
});

describe('client configuration', () => {
  it('calls the Service on 443 at /validate and /mutate, with the CA file base64-encoded as caBundle', async () => {
    const objects = await objectsFor([...BASE_FLAGS, '--ca-bundle', `${FIXTURES}ca.crt`]);
    const expected = readFileSync(`${FIXTURES}ca.crt`).toString('base64');
    expect(byKind(objects, 'ValidatingWebhookConfiguration').webhooks[0].clientConfig).toEqual({
      service: { namespace: 'crd-admission', name: 'crd-admission', path: '/validate', port: 443 },
      caBundle: expected,
    });
    expect(byKind(objects, 'MutatingWebhookConfiguration').webhooks[0].clientConfig.service.path).toBe('/mutate');
  });

  it('calls a URL outside the cluster and prints only the two configurations', async () => {
    const objects = await objectsFor([...BASE_FLAGS, '--url', 'https://192.168.1.20:8443/', '--ca-bundle', `${FIXTURES}ca.crt`]);
    expect(objects.map((o) => o.kind)).toEqual(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
    expect(byKind(objects, 'ValidatingWebhookConfiguration').webhooks[0].clientConfig.url).toBe('https://192.168.1.20:8443/validate');
    expect(byKind(objects, 'MutatingWebhookConfiguration').webhooks[0].clientConfig.url).toBe('https://192.168.1.20:8443/mutate');
  });

  it('keeps a path prefix of the URL', async () => {
    const objects = await objectsFor([...BASE_FLAGS, '--url', 'https://dev.example.com/hooks']);
    expect(byKind(objects, 'MutatingWebhookConfiguration').webhooks[0].clientConfig).toEqual({ url: 'https://dev.example.com/hooks/mutate' });
  });

  it('with cert-manager: the inject-ca-from annotation on both configurations, no caBundle, and a Certificate for the Secret the pods mount', async () => {
    const objects = await objectsFor([...BASE_FLAGS, '--cert-manager', 'ClusterIssuer/internal-ca']);
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      const config = byKind(objects, kind);
      expect(config.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'crd-admission/crd-admission-serving' });
      expect(config.webhooks.every((w: { clientConfig: object }) => !('caBundle' in w.clientConfig))).toBe(true);
    }
    const cert = byKind(objects, 'Certificate');
    expect(cert.spec.issuerRef).toEqual({ name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(cert.spec.dnsNames).toContain('crd-admission.crd-admission.svc');
    const volumes = byKind(objects, 'Deployment').spec.template.spec.volumes;
    expect(volumes.find((v: { name: string }) => v.name === 'tls').secret.secretName).toBe(cert.spec.secretName);
    expect(objects.some((o) => o.kind === 'Issuer')).toBe(false);
  });

  it('with cert-manager self-signed: makes its own Issuer', async () => {
    const objects = await objectsFor([...BASE_FLAGS, '--cert-manager', 'self-signed']);
    expect(byKind(objects, 'Issuer').spec).toEqual({ selfSigned: {} });
    expect(byKind(objects, 'Certificate').spec.issuerRef.name).toBe(byKind(objects, 'Issuer').metadata.name);
  });
});

describe('deterministic output', () => {
  it('gives the same bytes for the same input, whatever the order of the CRD files', async () => {
    const a = manifestsYaml(await objectsFor([...withWidgets, '--policies', POLICIES]));
    const b = manifestsYaml(await objectsFor(['--crds', WIDGETS, ...BASE_FLAGS, '--policies', POLICIES]));
    expect(a).toBe(b);
    expect(a).toBe(manifestsYaml(await objectsFor([...withWidgets, '--policies', POLICIES])));
  });

  it('lays out a kustomize base: one file per kind and a kustomization listing them', async () => {
    const files = kustomizeFiles(await objectsFor(BASE_FLAGS));
    expect([...files.keys()].sort()).toEqual([
      'configmap.yaml',
      'deployment.yaml',
      'kustomization.yaml',
      'mutatingwebhookconfiguration.yaml',
      'namespace.yaml',
      'networkpolicy.yaml',
      'poddisruptionbudget.yaml',
      'service.yaml',
      'serviceaccount.yaml',
      'validatingwebhookconfiguration.yaml',
    ]);
    expect(files.get('kustomization.yaml')).toContain('  - namespace.yaml\n');
  });
});
