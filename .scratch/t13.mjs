import { readManifests } from '../dist/config/manifest-files.js';
import { loadCrds } from '../dist/crd/load.js';
import { profileTargets } from '../dist/profiles/compile.js';
import { compileRuleTree } from '../dist/cel/crd-rules/compile.js';
import { schemaTypes } from '../dist/cel/schema-types.js';
for (const dir of ['kueue', 'cluster-api', 'cert-manager']) {
  const crds = loadCrds(await readManifests(['../shared/fixtures/real-crds/' + dir]));
  let t = performance.now(); let n = 0;
  for (const crd of crds) for (const target of profileTargets(crd)) { if (JSON.stringify(target.schema).includes('x-kubernetes-validations')) { schemaTypes(target.schema, target.gvk.kind); n++ } }
  const typesMs = performance.now() - t;
  t = performance.now();
  for (const crd of crds) for (const target of profileTargets(crd)) compileRuleTree(target);
  console.log(dir, 'versions with rules', n, 'types only', typesMs.toFixed(0), 'ms; full', (performance.now() - t).toFixed(0), 'ms');
}
