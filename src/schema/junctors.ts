import type { ErrorObject } from 'ajv';

/**
 * Junctor handling: ajv reports the errors of every anyOf/oneOf branch and
 * nothing for allOf; kube-openapi reports the junctor's own error followed by
 * the errors of the best failing branch, and an extra error for a failed
 * allOf. These helpers reshape ajv's list accordingly.
 */

/**
 * branchesBySite groups the errors raised inside anyOf/oneOf branches by
 * junctor site (its schemaPath and the instance it applies to), then by
 * branch index: one pass over the errors, whatever their number.
 */
function branchesBySite(errors: readonly ErrorObject[]): Map<string, Map<string, ErrorObject[]>> {
  const sites = new Map<string, Map<string, ErrorObject[]>>();
  for (const error of errors) {
    const segments = error.schemaPath.split('/').slice(1);
    for (let i = 0; i < segments.length - 1; i++) {
      if (segments[i] !== 'anyOf' && segments[i] !== 'oneOf') continue;
      const site = `#/${segments.slice(0, i + 1).join('/')}\u0000${truncatePointer(error.instancePath, instanceDepth(segments.slice(0, i)))}`;
      const branch = segments[i + 1] ?? '';
      let byBranch = sites.get(site);
      if (!byBranch) sites.set(site, (byBranch = new Map<string, ErrorObject[]>()));
      const list = byBranch.get(branch);
      if (list) list.push(error);
      else byBranch.set(branch, [error]);
    }
  }
  return sites;
}

/**
 * branchScore approximates kube-openapi's MatchCount (higher is better) by
 * a cost: a branch whose type does not even match the value is the worst,
 * then the branch with fewer errors.
 */
function branchScore(errors: readonly ErrorObject[], site: ErrorObject): number {
  const typeMismatch = errors.some((e) => e.keyword === 'type' && e.instancePath === site.instancePath);
  return (typeMismatch ? 1_000_000 : 0) + errors.length;
}

/**
 * bestBranchErrors drops, for each failed anyOf/oneOf, the errors of all
 * branches but the best one (see branchScore; first on ties: kube-openapi
 * keeps the branch with the most successful checks), and moves the junctor's own
 * error before them.
 */
export function bestBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const bySite = branchesBySite(errors);
  const dropped = new Set<ErrorObject>();
  const leaders = new Map<ErrorObject, ErrorObject>();
  for (const site of errors) {
    if (site.keyword !== 'anyOf' && site.keyword !== 'oneOf') continue;
    const byBranch = bySite.get(`${site.schemaPath}\u0000${site.instancePath}`);
    if (!byBranch) continue;
    const manyPassed = site.keyword === 'oneOf' && Array.isArray((site.params as { passingSchemas?: unknown }).passingSchemas);
    let best: ErrorObject[] | undefined;
    for (const list of byBranch.values()) if (!manyPassed && (!best || branchScore(list, site) < branchScore(best, site))) best = list;
    for (const list of byBranch.values()) if (list !== best) for (const error of list) dropped.add(error);
    if (best?.[0]) leaders.set(best[0], site);
  }
  const moved = new Set(leaders.values());
  const out: ErrorObject[] = [];
  for (const error of errors) {
    if (dropped.has(error) || moved.has(error)) continue;
    const site = leaders.get(error);
    if (site && !dropped.has(site)) out.push(site);
    out.push(error);
  }
  // A junctor whose leader was dropped (nested in a losing branch) is dropped with it.
  return out;
}

/** AllOfFailure is one failed allOf: where it is and how many branches failed. */
export interface AllOfFailure {
  /** ajv schemaPath of the allOf keyword, e.g. `#/properties/spec/allOf`. */
  readonly schemaPath: string;
  readonly instancePath: string;
  readonly failedBranches: number;
  /** Index in the error list after which kube-openapi reports it. */
  readonly after: number;
}

/** instanceDepth counts the instance steps a schemaPath prefix takes (properties/items/additionalProperties). */
export function instanceDepth(schemaSegments: readonly string[]): number {
  let depth = 0;
  for (let i = 0; i < schemaSegments.length; i++) {
    const segment = schemaSegments[i];
    if (segment === 'properties' || segment === 'allOf' || segment === 'anyOf' || segment === 'oneOf') {
      if (segment === 'properties') depth++;
      i++;
    } else if (segment === 'items' || segment === 'additionalProperties') {
      depth++;
    }
  }
  return depth;
}

function truncatePointer(pointer: string, depth: number): string {
  if (depth === 0) return '';
  return `/${pointer.slice(1).split('/').slice(0, depth).join('/')}`;
}

/** allOfFailures finds the failed allOf junctors behind a list of errors. */
export function allOfFailures(errors: readonly ErrorObject[]): AllOfFailure[] {
  const sites = new Map<string, { schemaPath: string; instancePath: string; branches: Set<string>; after: number }>();
  errors.forEach((error, index) => {
    const segments = error.schemaPath.split('/').slice(1);
    segments.forEach((segment, i) => {
      if (segment !== 'allOf') return;
      const schemaPath = `#/${segments.slice(0, i + 1).join('/')}`;
      const instancePath = truncatePointer(error.instancePath, instanceDepth(segments.slice(0, i)));
      const key = `${schemaPath}\u0000${instancePath}`;
      const site = sites.get(key) ?? { schemaPath, instancePath, branches: new Set<string>(), after: index };
      site.branches.add(segments[i + 1] ?? '');
      site.after = index;
      sites.set(key, site);
    });
  });
  return [...sites.values()].map((s) => ({ schemaPath: s.schemaPath, instancePath: s.instancePath, failedBranches: s.branches.size, after: s.after }));
}

function within(error: ErrorObject, site: ErrorObject): boolean {
  return error.instancePath === site.instancePath || error.instancePath.startsWith(`${site.instancePath}/`);
}

/**
 * withoutShortCircuited drops what kube-openapi never reports after a
 * min/maxProperties failure: its object validator returns at once, so the
 * node's property, additionalProperties and required errors are not produced.
 */
export function withoutShortCircuited(errors: readonly ErrorObject[]): ErrorObject[] {
  const sites = errors.filter((e) => e.keyword === 'minProperties' || e.keyword === 'maxProperties');
  if (sites.length === 0) return [...errors];
  return errors.filter((error) =>
    !sites.some((site) => {
      const node = site.schemaPath.slice(0, site.schemaPath.lastIndexOf('/'));
      const rest = error.schemaPath.startsWith(`${node}/`) ? error.schemaPath.slice(node.length + 1) : undefined;
      if (rest === undefined || !within(error, site)) return false;
      return rest.startsWith('properties/') || rest.startsWith('additionalProperties') || rest === 'required';
    }),
  );
}
