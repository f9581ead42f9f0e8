import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import { loadRules } from '../../src/rules/load.js';
import { RULE_FIXTURES, ruleReview } from './review.js';

const broken = (name: string): string => join(RULE_FIXTURES, 'broken', name);

async function loadError(dir: string): Promise<ConfigError> {
  const error: unknown = await loadRules([dir]).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('loading rule directories', () => {
  it('loads TypeScript and JavaScript rule files, several rules per file, helpers from subdirectories', async () => {
    const rules = await loadRules([join(RULE_FIXTURES, 'mixed')]);
    expect(rules.map(({ rule, file }) => [rule.name, file])).toEqual([
      ['frontend-hosts', join(RULE_FIXTURES, 'mixed', 'hosts.mjs')],
      ['example-hosts', join(RULE_FIXTURES, 'mixed', 'hosts.mjs')],
      ['owner-team', join(RULE_FIXTURES, 'mixed', 'owner-team.ts')],
      ['tiers-from-file', join(RULE_FIXTURES, 'mixed', 'tiers.ts')],
    ]);
  });

  it('runs the loaded rules through admit', async () => {
    const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [join(RULE_FIXTURES, 'mixed')] });
    const decision = admit(ruleReview('webapp-create-dockerhub-image.json'), 'validate', config);
    expect(decision.status?.details?.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value: every WebApp in shop names its owning team', field: 'spec.owner.team' },
    ]);
    expect(decision.warnings).toEqual(['spec.hosts[0]: shop.example.com is an example domain']);
  });

  it('lets a rule read a file next to it through import.meta.url', async () => {
    const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [join(RULE_FIXTURES, 'mixed')] });
    const request = ruleReview('webapp-create-dockerhub-image.json');
    const object = { ...request.object, spec: { ...(request.object?.spec as object), tier: 'batch', owner: { team: 'search' } } };
    expect(admit({ ...request, object }, 'validate', config).status?.details?.causes).toEqual([
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "batch": supported values: "frontend", "backend"', field: 'spec.tier' },
    ]);
  });

  it('accepts a directory relative to the working directory, and a single file', async () => {
    const relativeDir = relative(process.cwd(), join(RULE_FIXTURES, 'mixed'));
    expect((await loadRules([relativeDir])).map(({ rule }) => rule.name)).toEqual([
      'frontend-hosts',
      'example-hosts',
      'owner-team',
      'tiers-from-file',
    ]);
    const file = join(relativeDir, 'owner-team.ts');
    expect(await loadRules([file])).toEqual([expect.objectContaining({ file })]);
  });

  it('loads nothing and needs no compiler when no rule directory is given', async () => {
    expect(await loadRules([])).toEqual([]);
  });
});

describe('rule load errors name the file and the reason', () => {
  it('a syntax error, with line and column', async () => {
    const error = await loadError(broken('syntax-error'));
    expect(error.file).toBe(join(broken('syntax-error'), 'unfinished.ts'));
    expect(error.message).toBe(`${error.file}:8:3: cannot compile: Expected ")" but found "}"`);
  });

  it('an import that does not resolve', async () => {
    const error = await loadError(broken('unresolved-import'));
    expect(error.file).toBe(join(broken('unresolved-import'), 'uses-missing-helper.ts'));
    expect(error.line).toBe(2);
    expect(error.message).toContain('Could not resolve "./lib/registries.js"');
  });

  it('a file that exports no rule', async () => {
    const error = await loadError(broken('no-exports'));
    expect(error.file).toBe(join(broken('no-exports'), 'helpers.ts'));
    expect(error.problem).toBe('exports no rule: export default defineRule({...}) from "crd-admission/rules"');
  });

  it('an export that is not a rule', async () => {
    const error = await loadError(broken('not-a-rule'));
    expect(error.file).toBe(join(broken('not-a-rule'), 'plain-object.ts'));
    expect(error.problem).toBe('export "ALLOWED_TIERS" is not a rule: make it with defineRule() from "crd-admission/rules"');
  });

  it('a rule definition defineRule refuses, in a JavaScript file', async () => {
    const error = await loadError(broken('bad-match'));
    expect(error.file).toBe(join(broken('bad-match'), 'kind-typo.mjs'));
    expect(error.problem).toBe('cannot load: defineRule: rule "kind-typo": unknown match field "kind"');
  });

  it('an async validate', async () => {
    const error = await loadError(broken('async-validate'));
    expect(error.problem).toBe(
      'cannot load: defineRule: rule "quota": validate must be synchronous (rules run inside the synchronous validation pipeline)',
    );
  });

  it('a rule name used twice, naming both files', async () => {
    const error = await loadError(broken('duplicate-names'));
    expect(error.file).toBe(join(broken('duplicate-names'), 'owner-required.ts'));
    expect(error.problem).toBe(`rule name "owner" is already used by ${join(broken('duplicate-names'), 'owner-email.ts')}`);
  });

  it('a directory without rule files', async () => {
    const error = await loadError(broken('empty'));
    expect(error.file).toBe(broken('empty'));
    expect(error.problem).toBe('no rule files (.ts, .mts, .js, .mjs) in this directory');
  });

  it('a single file that is not a rule file', async () => {
    const error = await loadError(join(broken('empty'), 'README.md'));
    expect(error.problem).toBe('not a rule file: rule files end in .ts, .mts, .js, .mjs');
  });

  it('a directory that does not exist', async () => {
    const error = await loadError(broken('no-such-directory'));
    expect(error.problem).toBe('cannot read: ENOENT');
  });

  it('stops loadConfiguration', async () => {
    await expect(
      loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [], ruleDirs: [broken('not-a-rule')] }),
    ).rejects.toThrow(/plain-object\.ts: export "ALLOWED_TIERS" is not a rule/);
  });
});
