import { describe, expect, it } from 'vitest';
import { webhookAuditKey } from '../../src/admission/audit-annotations.js';

// The apiserver keeps a webhook's audit annotation only when `<webhook>/<key>` is a qualified name.
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

describe('webhookAuditKey', () => {
  it('flattens the policy prefix so the apiserver does not drop the annotation', () => {
    expect(webhookAuditKey('validation.policy.admission.k8s.io/validation_failure')).toBe(
      'validation.policy.admission.k8s.io_validation_failure',
    );
    expect(webhookAuditKey('replicas-limit.example.com/high-replicas')).toBe('replicas-limit.example.com_high-replicas');
  });

  it('keeps a valid key unchanged', () => {
    expect(webhookAuditKey('owner')).toBe('owner');
  });

  it('shortens keys over 63 characters and keeps them distinct and valid', () => {
    const a = webhookAuditKey(`${'a'.repeat(60)}.example.com/reason`);
    const b = webhookAuditKey(`${'b'.repeat(60)}.example.com/reason`);
    for (const key of [a, b]) {
      expect(key.length).toBeLessThanOrEqual(63);
      expect(key).toMatch(QUALIFIED_NAME_PART);
      expect(key.endsWith('_reason')).toBe(true);
    }
    expect(a).not.toBe(b);
  });
});
