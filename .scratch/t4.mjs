import { loadConfiguration } from '../dist/config/load.js';
import { admit } from '../dist/pipeline/admit.js';
const t0 = Date.now();
for (const dir of ['kueue', 'cluster-api', 'cert-manager']) {
  try { const c = await loadConfiguration({crdPaths:['../shared/fixtures/real-crds/'+dir], policyPaths: []}); console.log(dir, 'ok', c.profiles.size, Date.now()-t0) } catch (e) { console.log(dir, 'ERR', e.message) }
}
const c = await loadConfiguration({crdPaths:['manifests/examples/crds'], policyPaths: []}); console.log('examples ok')
