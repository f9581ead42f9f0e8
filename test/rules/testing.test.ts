import { describe, expect, it } from 'vitest';
import imageRegistry from '../../manifests/examples/rules/image-registry.js';
import replicasBudget from '../../manifests/examples/rules/replicas-budget.js';
import { defineRule } from '../../src/rules/api.js';
import { testRule } from '../../src/rules/testing.js';

const webApp = { group: 'platform.example.com', version: 'v1', kind: 'WebApp' };
const webAppObject = (image: string, replicas = 2) => ({
  apiVersion: 'platform.example.com/v1',
  kind: 'WebApp',
  metadata: { name: 'blog', namespace: 'content' },
  spec: { replicas, containers: [{ name: 'web', image }] },
});

describe('testRule', () => {
  it('runs a rule on a request written by hand, reading the namespace from the object', () => {
    const result = testRule(imageRegistry, { kind: webApp, resource: { ...webApp, resource: 'webapps' }, object: webAppObject('nginx:1.27') });
    expect(result).toEqual({
      matched: true,
      errors: [expect.objectContaining({ type: 'FieldValueInvalid', field: 'spec.containers[0].image', badValue: 'nginx:1.27' })],
      warnings: [],
    });
    expect(testRule(imageRegistry, { kind: webApp, object: { ...webAppObject('nginx:1.27'), metadata: { namespace: 'sandbox' } } }).errors).toEqual([]);
  });

  it('says when a rule does not apply', () => {
    const crontab = { group: 'stable.example.com', version: 'v1', kind: 'CronTab' };
    expect(testRule(imageRegistry, { kind: crontab, object: {} }).matched).toBe(false);
    expect(testRule(replicasBudget, { kind: webApp, operation: 'DELETE', oldObject: webAppObject('x', 9) }).matched).toBe(false);
    const predicate = defineRule({ name: 'only-shop', match: (request) => request.namespace === 'shop', validate: () => undefined });
    expect(testRule(predicate, { kind: webApp, object: webAppObject('x') }).matched).toBe(false);
  });

  it('reports a throwing rule as the webhook does', () => {
    const throwing = defineRule({ name: 'broken', match: {}, validate: () => { throw new TypeError('x is undefined'); } });
    expect(testRule(throwing, { kind: webApp, object: webAppObject('x') }).errors).toEqual([
      expect.objectContaining({ type: 'InternalError', field: '', detail: 'rule "broken" failed: x is undefined' }),
    ]);
  });

  it('describes a thrown value that is not an Error', () => {
    const throwing = defineRule({ name: 'throws-object', match: {}, validate: () => { throw { code: 42 }; } });
    expect(testRule(throwing, { kind: webApp, object: webAppObject('x') }).errors[0]?.detail).toBe('rule "throws-object" failed: threw {"code":42}');
  });

  it('hands the rule a frozen copy of the request, so it cannot change what others see', () => {
    const userInfo = { username: 'mallory', groups: ['writers'] };
    const object = webAppObject('registry.example.com/blog:3');
    const meddling = defineRule({
      name: 'meddling',
      match: {},
      validate: (ctx) => {
        (ctx.userInfo.groups as string[]).push('platform-team');
      },
    });
    expect(testRule(meddling, { kind: webApp, object, userInfo }).errors).toEqual([
      expect.objectContaining({ type: 'InternalError', detail: expect.stringContaining('rule "meddling" failed: Cannot add property 1') }),
    ]);
    expect(userInfo.groups).toEqual(['writers']);
  });

  it('passes the user to the rule', () => {
    const object = webAppObject('registry.example.com/blog:3', 7);
    expect(testRule(replicasBudget, { kind: webApp, object, userInfo: { groups: ['platform-team'] } }).errors).toEqual([]);
    expect(testRule(replicasBudget, { kind: webApp, object, userInfo: { groups: ['writers'] } }).errors).toHaveLength(1);
  });
});
