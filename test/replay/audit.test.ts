import { describe, expect, it } from 'vitest';
import { decodeReview } from '../../src/admission/codec.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { reviewFromAuditEvent } from '../../src/replay/audit.js';
import type { JsonObject } from '../../src/util/json.js';

const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });

function event(overrides: JsonObject): JsonObject {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: '11111111-2222-3333-4444-555555555555',
    stage: 'ResponseComplete',
    requestURI: '/apis/stable.example.com/v1/namespaces/default/crontabs?dryRun=All&fieldManager=kubectl-client-side-apply',
    verb: 'create',
    user: { username: 'alice', groups: ['system:authenticated'] },
    objectRef: { resource: 'crontabs', namespace: 'default', name: 'c1', apiGroup: 'stable.example.com', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c1', namespace: 'default' }, spec: { image: 'x' } },
    ...overrides,
  };
}

function requestOf(e: JsonObject) {
  const converted = reviewFromAuditEvent(e, config.profiles);
  if (converted.kind !== 'review') throw new Error(converted.reason);
  const decoded = decodeReview(converted.review);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.review.request;
}

describe('reviewFromAuditEvent', () => {
  it('builds a CREATE review from objectRef, user, auditID, requestObject and the request URI', () => {
    const request = requestOf(event({}));
    expect(request.uid).toBe('11111111-2222-3333-4444-555555555555');
    expect(request.kind).toEqual({ group: 'stable.example.com', version: 'v1', kind: 'CronTab' });
    expect(request.resource).toEqual({ group: 'stable.example.com', version: 'v1', resource: 'crontabs' });
    expect([request.operation, request.namespace, request.name, request.dryRun]).toEqual(['CREATE', 'default', 'c1', true]);
    expect(request.userInfo).toEqual({ username: 'alice', groups: ['system:authenticated'] });
    expect(request.options).toEqual({ kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply', dryRun: ['All'] });
    expect(request.oldObject).toBeNull();
  });

  it('takes the patched object from responseObject for patch, and a 201 patch is a CREATE (server-side apply)', () => {
    const stored = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c1' }, spec: { image: 'y' } };
    const patch = requestOf(event({ verb: 'patch', requestObject: { spec: { image: 'y' } }, responseObject: stored, responseStatus: { code: 200 } }));
    expect(patch.operation).toBe('UPDATE');
    expect(patch.object).toEqual(stored);
    expect(requestOf(event({ verb: 'patch', responseObject: stored })).operation).toBe('CREATE');
    const levelRequest = reviewFromAuditEvent(event({ verb: 'patch', level: 'Request' }), config.profiles);
    expect(levelRequest).toEqual({ kind: 'skip', reason: 'patch event without the patched object (audit level RequestResponse needed)' });
  });

  it('makes DELETE with a null object, the DeleteOptions sent, and uses the impersonated user', () => {
    const request = requestOf(event({
      verb: 'delete',
      requestObject: { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Foreground' },
      responseObject: { kind: 'Status', apiVersion: 'v1', status: 'Success' },
      impersonatedUser: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] },
    }));
    expect([request.operation, request.object, request.oldObject]).toEqual(['DELETE', null, null]);
    expect(request.options).toEqual({ kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Foreground' });
    expect(request.userInfo.username).toBe('system:serviceaccount:ci:deployer');
  });

  it('skips what a webhook never sees, with the reason', () => {
    const skip = (e: JsonObject) => reviewFromAuditEvent(e, config.profiles);
    expect(skip(event({ stage: 'RequestReceived' }))).toEqual({ kind: 'skip', reason: 'audit stage RequestReceived' });
    expect(skip(event({ verb: 'watch' }))).toEqual({ kind: 'skip', reason: 'verb watch is not admitted by webhooks' });
    expect(skip(event({ objectRef: { resource: 'deployments', apiGroup: 'apps', apiVersion: 'v1' } }))).toEqual({ kind: 'skip', reason: 'not a custom resource' });
    expect(skip(event({ level: 'Metadata', requestObject: null }))).toEqual({ kind: 'skip', reason: 'audit level Metadata has no request object' });
    expect(skip(event({ requestObject: null }))).toEqual({ kind: 'skip', reason: 'create event without requestObject (audit level Request or RequestResponse needed)' });
  });

  it('keeps custom resources of groups ending in k8s.io that are not built in (Gateway API, Cluster API)', () => {
    const gateway = event({
      objectRef: { resource: 'httproutes', namespace: 'default', name: 'r', apiGroup: 'gateway.networking.k8s.io', apiVersion: 'v1' },
      requestObject: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' } },
    });
    expect(requestOf(gateway).kind).toEqual({ group: 'gateway.networking.k8s.io', version: 'v1', kind: 'HTTPRoute' });
  });
});
