import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_VARIANTS } from '../../src/manifests/examples.js';
import { kustomizeFiles, manifestsYaml } from '../../src/manifests/render.js';
import { FIXTURES, objectsFor, PROJECT_ROOT } from './helpers.js';

const REGENERATE = 'manifests/ is out of date with the generator: run `npm run manifests` and commit the result';

describe('the generated files in manifests/', () => {
  it.each(EXAMPLE_VARIANTS.map((v) => [v.dir, v] as const))('%s matches what the generator writes now', async (_dir, variant) => {
    const argv = variant.argv.map((arg) => (arg.startsWith('manifests/') ? join(PROJECT_ROOT, arg) : arg));
    const expected = kustomizeFiles(await objectsFor(argv));
    const dir = join(PROJECT_ROOT, variant.dir);
    const present = (await readdir(dir)).sort();
    expect(present, REGENERATE).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(await readFile(join(dir, file), 'utf8'), `${variant.dir}/${file}: ${REGENERATE}`).toBe(text);
  });

  it('hold no certificate or private key', async () => {
    for (const variant of EXAMPLE_VARIANTS) {
      for (const file of await readdir(join(PROJECT_ROOT, variant.dir))) {
        const text = await readFile(join(PROJECT_ROOT, variant.dir, file), 'utf8');
        expect(text, file).not.toMatch(/BEGIN (CERTIFICATE|[A-Z ]*PRIVATE KEY)|caBundle/);
      }
    }
  });
});

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasKubectl())('kustomize (through kubectl, where installed)', () => {
  it.each(EXAMPLE_VARIANTS.map((v) => [v.dir] as const))('builds %s', (dir) => {
    const built = execFileSync('kubectl', ['kustomize', join(PROJECT_ROOT, dir)], { encoding: 'utf8' });
    expect(built).toContain('kind: ValidatingWebhookConfiguration');
    expect(built).toContain('kind: Deployment');
  });
});

describe('golden output', () => {
  it('prints the configurations for a webhook outside the cluster as in test/fixtures/manifests/url-webhooks.yaml', async () => {
    // Update with `npx vitest run -u` after an intended change of the output.
    const argv = ['--crds', join(PROJECT_ROOT, 'manifests/examples/crds'), '--namespace', 'crd-admission', '--service', 'crd-admission'];
    const yaml = manifestsYaml(await objectsFor([...argv, '--url', 'https://host.docker.internal:8443', '--ca-bundle', `${FIXTURES}ca.crt`]));
    await expect(yaml).toMatchFileSnapshot(join(FIXTURES, 'url-webhooks.yaml'));
  });
});
