import { beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../../src/admission/types.js';
import type { Configuration } from '../../src/config/load.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import { BUNDLED_EXAMPLE_RULES } from '../../src/rules/load.js';
import { ruleReview } from './review.js';

let config: Configuration;

beforeAll(async () => {
  config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [BUNDLED_EXAMPLE_RULES] });
});

const withUser = (request: AdmissionRequest, groups: readonly string[]): AdmissionRequest => ({
  ...request,
  userInfo: { ...request.userInfo, groups },
});

describe('example rule image-registry', () => {
  it('denies a WebApp container image from an unlisted registry, at the container image path', () => {
    const decision = admit(ruleReview('webapp-create-dockerhub-image.json'), 'validate', config);
    expect(decision.allowed).toBe(false);
    expect(decision.status).toEqual({
      code: 422,
      status: 'Failure',
      reason: 'Invalid',
      message:
        'WebApp.platform.example.com "storefront" is invalid: spec.containers[1].image: Invalid value: ' +
        '"docker.io/prom/statsd-exporter:v0.26.0": must come from an allowed registry: registry.example.com, ghcr.io/example-org',
      details: {
        name: 'storefront',
        group: 'platform.example.com',
        kind: 'WebApp',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "docker.io/prom/statsd-exporter:v0.26.0": must come from an allowed registry: registry.example.com, ghcr.io/example-org',
            field: 'spec.containers[1].image',
          },
        ],
      },
    });
  });

  it('allows any registry in the sandbox namespace', () => {
    const request = ruleReview('webapp-create-dockerhub-image.json');
    expect(admit({ ...request, namespace: 'sandbox' }, 'validate', config)).toMatchObject({ allowed: true, warnings: [] });
  });

  it('lets an unchanged image through on UPDATE with a warning naming the container', () => {
    const request = withUser(ruleReview('webapp-update-scale-up.json'), ['platform-team']);
    const decision = admit(request, 'validate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual([
      'spec.containers[1].image: image "docker.io/envoyproxy/envoy:v1.30.1" is not from an allowed registry; it is kept because it is unchanged',
    ]);
  });

  it('does not judge CronTabs, which it does not match', () => {
    const request = withUser(ruleReview('crontab-create-many-replicas.json'), ['platform-team']);
    expect(admit(request, 'validate', config).allowed).toBe(true);
  });
});

describe('example rule replicas-budget', () => {
  it('forbids more than 5 replicas of a CronTab to a user outside platform-team', () => {
    const decision = admit(ruleReview('crontab-create-many-replicas.json'), 'validate', config);
    expect(decision.status?.message).toBe(
      'CronTab.stable.example.com "nightly-report" is invalid: spec.replicas: Forbidden: only members of group "platform-team" may set more than 5 replicas',
    );
    expect(decision.status?.details?.causes).toEqual([
      {
        reason: 'FieldValueForbidden',
        message: 'Forbidden: only members of group "platform-team" may set more than 5 replicas',
        field: 'spec.replicas',
      },
    ]);
  });

  it('forbids scaling a WebApp up past 5 replicas, and keeps the other rule\'s warning', () => {
    const decision = admit(ruleReview('webapp-update-scale-up.json'), 'validate', config);
    expect(decision.allowed).toBe(false);
    expect(decision.status?.details?.causes).toEqual([
      {
        reason: 'FieldValueForbidden',
        message: 'Forbidden: only members of group "platform-team" may set more than 5 replicas',
        field: 'spec.replicas',
      },
    ]);
    expect(decision.warnings).toHaveLength(1);
  });

  it('allows the same request from a member of platform-team', () => {
    const request = withUser(ruleReview('crontab-create-many-replicas.json'), ['system:authenticated', 'platform-team']);
    expect(admit(request, 'validate', config).allowed).toBe(true);
  });

  it('allows an UPDATE that keeps an existing replica count above the budget', () => {
    const request = ruleReview('webapp-update-scale-up.json');
    const oldObject = request.oldObject ?? {};
    const unchanged = { ...request, oldObject: { ...oldObject, spec: { ...(oldObject.spec as object), replicas: 8 } } };
    expect(admit(unchanged, 'validate', config).allowed).toBe(true);
  });

  it('is not asked on DELETE, its operations being CREATE and UPDATE', () => {
    const request = ruleReview('webapp-update-scale-up.json');
    const deletion: AdmissionRequest = { ...request, operation: 'DELETE', object: null, oldObject: request.object };
    expect(admit(deletion, 'validate', config)).toMatchObject({ allowed: true, warnings: [] });
  });
});

describe('rules and the validation result', () => {
  it('lists every failed rule with its field path in one denial', () => {
    const request = ruleReview('webapp-create-dockerhub-image.json');
    const spec = { ...(request.object?.spec as object), replicas: 9 };
    const decision = admit({ ...request, object: { ...request.object, spec } }, 'validate', config);
    expect(decision.status?.details?.causes?.map((cause) => [cause.reason, cause.field])).toEqual([
      ['FieldValueInvalid', 'spec.containers[1].image'],
      ['FieldValueForbidden', 'spec.replicas'],
    ]);
  });

  it('leaves /mutate alone', () => {
    expect(admit(ruleReview('webapp-create-dockerhub-image.json'), 'mutate', config).allowed).toBe(true);
  });
});
