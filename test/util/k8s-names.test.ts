import { describe, expect, it } from 'vitest';
import { isLabelValueValid, isQualifiedName, isQualifiedNameValid, isValidLabelValue } from '../../src/util/k8s-names.js';

// The predicates answer the valid case without building messages: they must agree with the message lists.
const samples = [
  '', 'a', 'A', '-a', 'a-', 'a_b', 'a.b', 'a/b', '/a', 'a/', 'a//b', 'a/b/c', 'example.com/name', 'Example.com/name',
  'example.com/Name', 'ex_ample.com/n', '-example.com/n', 'example-.com/n', 'example..com/n', 'a.b.c/d-e_f.G',
  'x'.repeat(63), 'x'.repeat(64), `p/${'x'.repeat(63)}`, `p/${'x'.repeat(64)}`, `${'p'.repeat(253)}/n`, `${'p'.repeat(254)}/n`,
  `${'a.'.repeat(126)}a/n`, `${'a'.repeat(300)}!`, 'app.kubernetes.io/part-of', 'é', 'a\nb', 'a b', '0', '9-9',
];

describe('name check predicates', () => {
  it.each(samples)('isQualifiedNameValid agrees with isQualifiedName on %j', (value) => {
    expect(isQualifiedNameValid(value)).toBe(isQualifiedName(value).length === 0);
  });

  it.each(samples)('isLabelValueValid agrees with isValidLabelValue on %j', (value) => {
    expect(isLabelValueValid(value)).toBe(isValidLabelValue(value).length === 0);
  });
});
