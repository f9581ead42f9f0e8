import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../src/cli/run.js';
import { BASE_FLAGS, capturedIo, FIXTURES, PROJECT_ROOT } from '../manifests/helpers.js';

async function run(...argv: string[]) {
  const io = capturedIo();
  const code = await runCli(['manifests', ...argv], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('crd-admission manifests', () => {
  it('prints multi-document YAML, webhook configurations last', async () => {
    const { code, stdout, stderr } = await run(...BASE_FLAGS, '--ca-bundle', `${FIXTURES}ca.crt`);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const kinds = parseAllDocuments(stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual([
      'Namespace',
      'ServiceAccount',
      'ConfigMap',
      'Service',
      'Deployment',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'MutatingWebhookConfiguration',
      'ValidatingWebhookConfiguration',
    ]);
  });

  it('says on stderr that the caBundle is missing when neither --ca-bundle nor --cert-manager is given', async () => {
    const { code, stderr } = await run(...BASE_FLAGS, '--webhooks-only');
    expect(code).toBe(0);
    expect(stderr).toContain('carry no caBundle');
  });

  it('prints only the two configurations with --webhooks-only', async () => {
    const { stdout } = await run(...BASE_FLAGS, '--webhooks-only', '--cert-manager', 'self-signed');
    expect(parseAllDocuments(stdout).map((d) => (d.toJS() as { kind: string }).kind)).toEqual([
      'MutatingWebhookConfiguration',
      'ValidatingWebhookConfiguration',
    ]);
  });

  it('writes a kustomize base with --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crd-admission-manifests-'));
    try {
      expect((await run(...BASE_FLAGS, '--out', dir)).code).toBe(0);
      expect(await readdir(dir)).toContain('kustomization.yaml');
      expect(await readFile(join(dir, 'deployment.yaml'), 'utf8')).toContain('kind: Deployment');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--timeout-seconds', '0'], '--timeout-seconds must be an integer from 1 to 30, got "0"'],
    [['--timeout-seconds', '31'], '--timeout-seconds must be an integer from 1 to 30, got "31"'],
    [['--timeout-seconds', '2.5'], '--timeout-seconds must be an integer from 1 to 30'],
    [['--replicas', '0'], '--replicas must be an integer from 1'],
    [['--failure-policy', 'fail'], '--failure-policy must be Fail or Ignore, got "fail"'],
    [['--url', 'http://localhost:8443'], "'https' is the only allowed URL scheme"],
    [['--url', 'https://localhost:8443/?debug=1'], 'query parameters are not permitted in the URL'],
    [['--url', 'https://localhost:8443/#x'], 'fragments are not permitted in the URL'],
    [['--url', 'https://me:secret@localhost:8443'], 'user information is not permitted in the URL'],
    [['--url', 'localhost:8443'], "'https' is the only allowed URL scheme"],
    [['--ca-bundle', `${FIXTURES}ca.crt`, '--cert-manager', 'self-signed'], '--ca-bundle and --cert-manager exclude each other'],
    [['--url', 'https://h:8443', '--cert-manager', 'self-signed'], 'with --url give --ca-bundle'],
    [['--cert-manager', 'Vault/x'], 'the kind must be Issuer or ClusterIssuer'],
    [['--ca-bundle', `${FIXTURES}widgets-cluster-scoped.yaml`], 'no PEM certificate in the file'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--ca-bundle', `${FIXTURES}ca-with-key.pem`], 'the file holds a private key'],
  ])('refuses %j with exit code 2', async (extra, message) => {
    const { code, stderr, stdout } = await run(...BASE_FLAGS, ...extra);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: crd-admission manifests');
  });

  it.each([
    [['--namespace', 'ns', '--service', 's'], '--crds is required'],
    [['--crds', FIXTURES, '--service', 's'], '--namespace is required'],
    [['--crds', FIXTURES, '--namespace', 'Bad_NS', '--service', 's'], '--namespace "Bad_NS": a lowercase RFC 1123 label'],
    [['--crds', FIXTURES, '--namespace', 'ns', '--service', '1svc'], '--service "1svc": a DNS-1035 label'],
  ])('refuses %j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('names the file and path of a broken CRD, exit code 1', async () => {
    const { code, stderr } = await run('--crds', `${FIXTURES}policies`, '--namespace', 'ns', '--service', 's');
    expect(code).toBe(1);
    expect(stderr).toMatch(/policies\/crontab-image-registry\.yaml:\d+: kind: expected a CustomResourceDefinition/);
  });

  it('runs as the installed binary and pipes to stdout', async () => {
    const { stdout } = await promisify(execFile)('node', [join(PROJECT_ROOT, 'dist/cli/main.js'), 'manifests', ...BASE_FLAGS, '--webhooks-only', '--url', 'https://127.0.0.1:8443']);
    expect(stdout).toContain('url: https://127.0.0.1:8443/validate');
  });
});
