// Regenerates manifests/base and manifests/cert-manager from the bundled
// examples (run through `npm run manifests`, which builds first).
import { rm } from 'node:fs/promises';
import { manifestsCommand } from '../dist/cli/manifests.js';
import { EXAMPLE_VARIANTS } from '../dist/manifests/examples.js';

const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, isTTY: false };
for (const variant of EXAMPLE_VARIANTS) {
  await rm(variant.dir, { recursive: true, force: true });
  const code = await manifestsCommand.run([...variant.argv, '--out', variant.dir], io);
  if (code !== 0) process.exit(code);
  process.stdout.write(`wrote ${variant.dir}\n`);
}
