import { describe, expect, it } from 'vitest';
import { admit } from '../../src/pipeline/admit.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { cronTab, fixture, loadPolicies, webApp } from './requests.js';

const config = await loadPolicies('validating.yaml', 'registry.yaml');

describe('ValidatingAdmissionPolicy: Deny, messageExpression, reason and variables', () => {
  it('denies 6 replicas with the apiserver wording, code 403 from reason Forbidden', () => {
    const decision = admit(cronTab({ image: 'cron:1.0', replicas: 6 }), 'validate', config);
    expect(decision.allowed).toBe(false);
    expect(decision.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        "crontabs.stable.example.com \"nightly\" is forbidden: ValidatingAdmissionPolicy 'replica-limit.example.com' with binding 'replica-limit-binding' denied request: replicas 6 is above 5; ask the platform team",
      details: { name: 'nightly', group: 'stable.example.com', kind: 'crontabs' },
    });
    expect(decision.status?.details?.causes).toEqual([
      {
        reason: 'Forbidden',
        field: 'spec.replicas',
        message:
          "ValidatingAdmissionPolicy 'replica-limit.example.com' with binding 'replica-limit-binding' denied request: replicas 6 is above 5; ask the platform team",
      },
    ]);
    expect(decision.auditAnnotations).toEqual({ 'replica-limit.example.com/high-replicas': 'replicas=6' });
  });

  it('lets the platform team through, via a variable', () => {
    const decision = admit(cronTab({ image: 'cron:1.0', replicas: 6 }, { groups: ['platform-team'] }), 'validate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.auditAnnotations).toEqual({ 'replica-limit.example.com/high-replicas': 'replicas=6' });
  });

  it('does not apply in a namespace the binding excludes by label (namespaceSelector NotIn)', () => {
    expect(admit(cronTab({ image: 'cron:1.0', replicas: 6 }, { namespace: 'playground' }), 'validate', config).allowed).toBe(true);
  });

  it('applies in a namespace the namespaces file does not know (no labels)', () => {
    expect(admit(cronTab({ image: 'cron:1.0', replicas: 6 }, { namespace: 'unknown' }), 'validate', config).allowed).toBe(false);
  });

  it('lists every failed rule as a cause, the first one giving message and code', () => {
    const decision = admit(cronTab({ image: 'cron:latest', replicas: 7 }), 'validate', config);
    expect(decision.status?.code).toBe(422);
    expect(decision.status?.message).toContain("ValidatingAdmissionPolicy 'pinned-image.example.com'");
    expect(decision.status?.details?.causes?.map((cause) => cause.message)).toEqual([
      "ValidatingAdmissionPolicy 'pinned-image.example.com' with binding 'pinned-image-binding' denied request: images must be pinned to a tag other than latest",
      "ValidatingAdmissionPolicy 'replica-limit.example.com' with binding 'replica-limit-binding' denied request: replicas 7 is above 5; ask the platform team",
    ]);
  });
});

describe('ValidatingAdmissionPolicy: Warn and Audit actions, matchConditions', () => {
  const everyMinute = { image: 'cron:1.0', replicas: 1, cronSpec: '* * * * *' };

  it('warns and records an audit annotation instead of denying', () => {
    const decision = admit(cronTab(everyMinute), 'validate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual([
      "Validation failed for ValidatingAdmissionPolicy 'no-every-minute.example.com' with binding 'no-every-minute-binding': every-minute schedules overload the cluster",
    ]);
    expect(JSON.parse(decision.auditAnnotations['validation.policy.admission.k8s.io/validation_failure'] ?? '')).toEqual([
      {
        message: 'every-minute schedules overload the cluster',
        policy: 'no-every-minute.example.com',
        binding: 'no-every-minute-binding',
        expressionIndex: 0,
        validationActions: ['Warn', 'Audit'],
      },
    ]);
  });

  it('skips the policy when a matchCondition is false', () => {
    const decision = admit(cronTab(everyMinute, { username: 'admin' }), 'validate', config);
    expect(decision.warnings).toEqual([]);
  });

  it('evaluates on DELETE only when the rule lists the operation (oldObject carries the labels)', () => {
    const decision = admit(cronTab(everyMinute, { operation: 'DELETE' }), 'validate', config);
    expect(decision.allowed).toBe(true);
  });
});

describe('ValidatingAdmissionPolicy: objectSelector and ratcheting', () => {
  it('skips objects labelled out by the objectSelector (DoesNotExist)', () => {
    const labelled = cronTab({ image: 'cron:latest', replicas: 1 }, {}, { labels: { 'policy.example.com/skip-image-check': 'yes' } });
    expect(admit(labelled, 'validate', config).allowed).toBe(true);
  });

  it('turns a failure on unchanged fields into a warning on UPDATE', () => {
    const old = cronTab({ image: 'cron:latest', replicas: 1 }).object;
    const decision = admit(cronTab({ image: 'cron:latest', replicas: 2 }, { operation: 'UPDATE', oldObject: old }), 'validate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings[0]).toContain("Validation failed for ValidatingAdmissionPolicy 'pinned-image.example.com'");
    expect(decision.warnings[0]).toContain('not enforced');
  });

  it('still denies when the checked field changed', () => {
    const old = cronTab({ image: 'cron:1.0', replicas: 1 }).object;
    const decision = admit(cronTab({ image: 'cron:latest', replicas: 1 }, { operation: 'UPDATE', oldObject: old }), 'validate', config);
    expect(decision.allowed).toBe(false);
  });
});

describe('ValidatingAdmissionPolicy: params, namespaceObject, exclusions', () => {
  const containers = (image: string) => ({ containers: [{ name: 'web', image }, { name: 'proxy', image: 'registry.example.com/envoy:1.30' }] });

  it('denies images outside the registry named by the param', () => {
    const decision = admit(webApp(containers('docker.io/nginx:1.27')), 'validate', config);
    expect(decision.status?.message).toContain(
      "ValidatingAdmissionPolicy 'image-registry.example.com' with binding 'image-registry-binding' denied request: containers web use images outside registry.example.com",
    );
    expect(decision.status?.code).toBe(422);
  });

  it('allows them in a namespace labelled sandbox (namespaceObject)', () => {
    expect(admit(webApp(containers('docker.io/nginx:1.27'), { namespace: 'playground' }), 'validate', config).allowed).toBe(true);
  });

  it('evaluates once per param selected by a label selector in the request namespace', () => {
    const decision = admit(webApp(containers('registry.example.com/nginx:1.27'), { namespace: 'team-b' }), 'validate', config);
    expect(decision.status?.details?.causes?.map((c) => c.message)).toEqual([
      "ValidatingAdmissionPolicy 'image-registry.example.com' with binding 'image-registry-optional-binding' denied request: containers web, proxy use images outside registry.team-b.example.com",
    ]);
  });

  it('skips names listed in excludeResourceRules', () => {
    const legacy = webApp(containers('docker.io/nginx:1.27'), {}, { name: 'legacy-app' });
    expect(admit({ ...legacy, name: 'legacy-app' }, 'validate', config).allowed).toBe(true);
  });

  it('denies when a Deny binding finds no param', async () => {
    const noParams = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [fixture('registry.yaml')], namespacePaths: [fixture('namespaces.yaml')] });
    const decision = admit(webApp(containers('registry.example.com/nginx:1.27')), 'validate', noParams);
    expect(decision.status?.message).toContain(
      "ValidatingAdmissionPolicy 'image-registry.example.com' with binding 'image-registry-binding' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
    );
  });
});

describe('ValidatingAdmissionPolicy: failurePolicy', () => {
  const spec = { replicas: 60, containers: [{ name: 'web', image: 'registry.example.com/web:1' }] };
  const old = webApp(spec).object;

  it('denies an evaluation error under Fail, naming the expression', () => {
    const request = webApp(spec, { operation: 'UPDATE', oldObject: old }, { labels: { 'test.example.com/broken': 'fail' } });
    const decision = admit(request, 'validate', config);
    expect(decision.status?.message).toContain(
      "ValidatingAdmissionPolicy 'broken-fail.example.com' with binding 'broken-fail-binding' denied request: expression 'object.spec.missingField > 1' resulted in error: ",
    );
    expect(decision.status?.message).toMatch(/no such key: missingField/i);
  });

  it('ignores the error under Ignore, while other validations still apply (reason RequestEntityTooLarge → 413)', () => {
    const request = webApp(spec, { operation: 'UPDATE', oldObject: old }, { labels: { 'test.example.com/broken': 'ignore' } });
    const decision = admit(request, 'validate', config);
    expect(decision.status?.code).toBe(413);
    expect(decision.status?.reason).toBe('RequestEntityTooLarge');
    expect(decision.status?.details?.causes).toHaveLength(1);
  });
});

describe('ValidatingAdmissionPolicy: matchCondition errors and reason Unauthorized', async () => {
  const conditions = await loadPolicies('conditions.yaml');
  const labels = { labels: { 'test.example.com/condition': 'error' } };
  const containers = [{ name: 'web', image: 'registry.example.com/web:1' }];

  it('denies when a matchCondition cannot be evaluated under failurePolicy Fail', () => {
    const decision = admit(webApp({ containers }, {}, labels), 'validate', conditions);
    expect(decision.status?.message).toContain(
      "denied request: expression 'object.spec.tier == 'frontend'' resulted in error: ",
    );
    expect(decision.status?.message).toMatch(/no such key: tier/i);
  });

  it('answers 401 for reason Unauthorized', () => {
    const decision = admit(webApp({ containers, tier: 'frontend' }, { username: 'system:anonymous' }, labels), 'validate', conditions);
    expect(decision.status).toMatchObject({ code: 401, reason: 'Unauthorized' });
  });
});
