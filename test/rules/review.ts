import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeReview } from '../../src/admission/codec.js';
import type { AdmissionRequest } from '../../src/admission/types.js';

/** ruleReview reads a recorded AdmissionReview from test/fixtures/rules/reviews and returns its request. */
export function ruleReview(file: string): AdmissionRequest {
  const body: unknown = JSON.parse(readFileSync(new URL(`../fixtures/rules/reviews/${file}`, import.meta.url), 'utf8'));
  const decoded = decodeReview(body);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.review.request;
}

/** RULE_FIXTURES is the directory of rule fixtures. */
export const RULE_FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
