import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeReview } from '../../src/admission/codec.js';
import type { AdmissionReviewRequest } from '../../src/admission/types.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { admit, unknownResourceWarning } from '../../src/pipeline/admit.js';

function review(file: string): AdmissionReviewRequest {
  const decoded = decodeReview(JSON.parse(readFileSync(new URL(`../fixtures/reviews/${file}`, import.meta.url), 'utf8')));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.review;
}

describe('admit', () => {
  it('resolves a CronTab request to its compiled profile and allows a valid object', async () => {
    const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
    const { request } = review('crontab-create-v1.json');
    expect(config.profiles.byGroupVersionResource(request.resource)?.gvk.kind).toBe('CronTab');
    expect(admit(request, 'validate', config).allowed).toBe(true);
  });

  it('allows a resource no CRD describes, with a warning naming it', async () => {
    const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
    const { request } = review('crontab-create-v1.json');
    const other = { ...request, resource: { group: 'other.example.com', version: 'v1', resource: 'widgets' } };
    const decision = admit(other, 'validate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual([unknownResourceWarning(other)]);
    expect(decision.warnings[0]).toContain('widgets.v1.other.example.com');
  });
});
