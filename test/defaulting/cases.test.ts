import { describe, expect, it } from 'vitest';
import { admit } from '../../src/pipeline/admit.js';
import { deepEqual } from '../../src/util/json.js';
import { applyStrictly, defaultingConfig, loadTables, requestFor, widgetCrd } from './harness.js';

describe.each(loadTables())('$file: $description', (table) => {
  const crd = widgetCrd(table.schema);

  it.each(table.cases)('$name', (row) => {
    const config = defaultingConfig([crd], row.pruning ?? 'prune');
    const original = structuredClone(row.object);
    const decision = admit(requestFor(config, row.object), 'mutate', config);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual(row.expectedWarnings ?? []);
    const expected = row.expectedObject ?? row.object;
    // The patch is computed against the exact object sent, which the pipeline never changes.
    expect(row.object).toEqual(original);
    if (deepEqual(expected, row.object)) {
      expect(decision.patch).toBeUndefined();
    } else {
      expect(decision.patch).toBeDefined();
      expect(applyStrictly(row.object, decision.patch ?? [])).toEqual(expected);
    }
    if (row.expectedPatch) expect(decision.patch).toEqual(row.expectedPatch);

    // Reinvocation (reinvocationPolicy: IfNeeded): the mutated object needs nothing more.
    const again = admit(requestFor(config, structuredClone(expected)), 'mutate', config);
    expect(again.patch).toBeUndefined();
    expect(again.warnings).toEqual([]);

    if (row.expectedStrictErrors) {
      const verdict = admit(requestFor(config, row.object), 'validate', config);
      const causes = verdict.status?.details?.causes ?? [];
      expect(causes.map((cause) => `${cause.field}: ${cause.message}`)).toEqual(row.expectedStrictErrors);
      expect(verdict.allowed).toBe(row.expectedStrictErrors.length === 0);
    }
  });
});
