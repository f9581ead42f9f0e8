import { describe, expect, it } from 'vitest';
import { loadCrds } from '../../src/crd/load.js';
import { readManifests } from '../../src/config/manifest-files.js';
import { BUNDLED_EXAMPLES } from '../../src/config/load.js';
import { profileTargets } from '../../src/profiles/compile.js';
import type { ProfileTarget } from '../../src/profiles/plugin.js';
import type { RuleMatch } from '../../src/rules/api.js';
import { defineRule } from '../../src/rules/api.js';
import { matchesTarget, requestMatcher } from '../../src/rules/match.js';

const targets = loadCrds(await readManifests([BUNDLED_EXAMPLES])).flatMap(profileTargets);
const webapp = targets.find((t) => t.gvk.kind === 'WebApp') as ProfileTarget;
const crontabV1beta1 = targets.find((t) => t.gvk.kind === 'CronTab' && t.gvk.version === 'v1beta1') as ProfileTarget;

const rule = (match: RuleMatch) => defineRule({ name: 'r', match, validate: () => undefined });

describe('matching at load', () => {
  it.each<[RuleMatch, boolean, boolean]>([
    [{}, true, false],
    [{ groups: ['platform.example.com'], versions: ['v1'], kinds: ['WebApp'] }, true, false],
    [{ groups: ['stable.example.com'] }, false, false],
    [{ kinds: ['*'] }, true, false],
    [{ resources: ['webapps'] }, true, false],
    [{ resources: ['webapps/status'] }, false, true],
    [{ resources: ['*/status'] }, false, true],
    [{ resources: ['webapps/*'] }, true, true],
    [{ resources: ['*/*'] }, true, true],
    [{ resources: ['crontabs'] }, false, false],
  ])('%j matches the WebApp resource: %s, its status: %s', (match, main, status) => {
    expect(matchesTarget(rule(match), webapp, '')).toBe(main);
    expect(matchesTarget(rule(match), webapp, 'status')).toBe(status);
  });

  it('selects versions', () => {
    expect(matchesTarget(rule({ versions: ['v1'] }), crontabV1beta1, '')).toBe(false);
  });
});

describe('matching per request', () => {
  const loaded = (match: RuleMatch) => requestMatcher({ rule: rule(match), file: 'r.ts' });

  it('judges CREATE and UPDATE unless told otherwise', () => {
    const matcher = loaded({});
    const operations = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;
    expect(operations.map((operation) => matcher.appliesTo({ operation, namespace: 'a' } as const))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(loaded({ operations: ['*'] }).appliesTo({ operation: 'DELETE', namespace: 'a' })).toBe(true);
  });

  it('selects namespaces, and never matches cluster-scoped objects when namespaces are listed', () => {
    expect(loaded({ namespaces: ['shop'] }).appliesTo({ operation: 'CREATE', namespace: 'shop' })).toBe(true);
    expect(loaded({ namespaces: ['shop'] }).appliesTo({ operation: 'CREATE', namespace: 'sandbox' })).toBe(false);
    expect(loaded({ namespaces: ['*'] }).appliesTo({ operation: 'CREATE', namespace: '' })).toBe(false);
    expect(loaded({ namespaces: ['*'] }).appliesTo({ operation: 'CREATE', namespace: 'any' })).toBe(true);
  });
});
