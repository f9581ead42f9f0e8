// tsc writes files with mode 0644; the bin entry must be executable for `npx crd-admission`
// (npm only sets the bit on packages it installs, not on the project it is run in).
import { chmodSync, readFileSync } from 'node:fs';

const { bin } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
for (const file of Object.values(bin)) chmodSync(new URL(`../${file}`, import.meta.url), 0o755);
