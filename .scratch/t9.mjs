import { readFileSync } from 'node:fs';
import { decodeReview } from '../dist/admission/codec.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../dist/config/load.js';
import { admit } from '../dist/pipeline/admit.js';
const config = await loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
const r = decodeReview(JSON.parse(readFileSync('test/fixtures/reviews/crontab-create-v1.json', 'utf8')));
console.log(JSON.stringify(admit(r.review.request, 'validate', config), null, 1));
