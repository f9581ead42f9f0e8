import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../../src/admission/types.js';
import type { Configuration } from '../../src/config/load.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings.js';
import { RULE_FIXTURES, ruleReview } from './review.js';

let config: Configuration;

beforeAll(async () => {
  config = await loadConfiguration(
    { crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [join(RULE_FIXTURES, 'hostile')] },
    { ...DEFAULT_SETTINGS, ruleBudgetMs: 50 },
  );
});

function labelled(request: AdmissionRequest, labels: Record<string, string>): AdmissionRequest {
  const object = request.object ?? {};
  return { ...request, object: { ...object, metadata: { ...(object.metadata as object), labels } } };
}

const causes = (request: AdmissionRequest) =>
  admit(request, 'validate', config).status?.details?.causes?.map((cause) => cause.message);

describe('misbehaving rules', () => {
  it('reports a throwing rule and a Promise-returning rule as their own errors and still runs the next rule', () => {
    const decision = admit(ruleReview('crontab-create-many-replicas.json'), 'validate', config);
    expect(decision.allowed).toBe(false);
    expect(decision.status?.details?.causes).toEqual([
      { reason: 'InternalError', field: '', message: 'Internal error: rule "always-throws" failed: cannot parse schedule of nightly-report' },
      {
        reason: 'InternalError',
        field: '',
        message: 'Internal error: rule "returns-promise" failed: validate returned a Promise; rules must be synchronous',
      },
    ]);
    expect(decision.warnings).toEqual(['warns-last saw nightly-report']);
    expect(decision.counts).toEqual({ ruleErrors: 2 });
  });

  it('stops an endless loop at the time budget, names the rule and the rules it kept from running', () => {
    expect(causes(labelled(ruleReview('crontab-create-many-replicas.json'), { loop: 'forever' }))).toEqual([
      'Internal error: rule "always-throws" failed: cannot parse schedule of nightly-report',
      'Internal error: rule "returns-promise" failed: validate returned a Promise; rules must be synchronous',
      'Internal error: rule "endless-loop" failed: did not finish within the time budget of 50ms for the rules of one request',
      'Internal error: rules "warns-last" were not run: the time budget for the rules of this request ran out',
    ]);
  });

  it('counts the stopped rule for metrics', () => {
    const decision = admit(labelled(ruleReview('crontab-create-many-replicas.json'), { loop: 'forever' }), 'validate', config);
    expect(decision.counts).toEqual({ ruleErrors: 3, costLimitHits: 1 });
  });

  it('answers the next request normally after a rule was stopped', () => {
    const request = ruleReview('crontab-create-many-replicas.json');
    causes(labelled(request, { loop: 'forever' }));
    const decision = admit(request, 'validate', config);
    expect(decision.status?.details?.causes).toHaveLength(2);
    expect(decision.warnings).toEqual(['warns-last saw nightly-report']);
  });

  it('does not run rules for kinds they do not match', () => {
    const decision = admit(ruleReview('webapp-create-dockerhub-image.json'), 'validate', config);
    expect(decision).toMatchObject({ allowed: true, warnings: [] });
  });
});
