import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCertificate } from '../../src/certs/inspect.js';
import { runBuiltCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pki.js';

describe('crd-admission certs', () => {
  it('writes the CA and a serving certificate for the Service, keys mode 0600, and prints the caBundle', async () => {
    const cwd = await makeTempDir();
    const result = await runBuiltCli(['certs', '--service', 'crd-admission', '--namespace', 'platform', '--out', 'tls', '--host', 'webhook.example.com', '--host', '10.96.0.15'], cwd);
    expect(result.stderr).toContain('created CA');
    expect(result.code).toBe(0);
    const dir = join(cwd, 'tls');
    const caCert = await readFile(join(dir, 'ca.crt'), 'utf8');
    expect(result.stdout).toBe(`${Buffer.from(caCert).toString('base64')}\n`);
    for (const key of ['ca.key', 'tls.key']) expect((await stat(join(dir, key))).mode & 0o777).toBe(0o600);
    const serving = inspectCertificate(await readFile(join(dir, 'tls.crt')));
    expect(serving.dnsNames).toEqual([
      'crd-admission',
      'crd-admission.platform',
      'crd-admission.platform.svc',
      'crd-admission.platform.svc.cluster.local',
      'localhost',
      'webhook.example.com',
    ]);
    expect(serving.ipAddresses).toEqual(['127.0.0.1', '10.96.0.15']);
    expect(Math.round((serving.notAfter.getTime() - Date.now()) / 86_400_000)).toBe(365);
  });

  it('reuses the CA on a second run: same ca.crt bytes and caBundle, new serving certificate', async () => {
    const cwd = await makeTempDir();
    const args = ['certs', '--service', 'hook', '--namespace', 'default', '--days', '30'];
    const first = await runBuiltCli(args, cwd);
    const caBefore = await readFile(join(cwd, 'certs', 'ca.crt'));
    const servingBefore = inspectCertificate(await readFile(join(cwd, 'certs', 'tls.crt')));
    const second = await runBuiltCli(args, cwd);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('reused CA');
    expect(await readFile(join(cwd, 'certs', 'ca.crt'))).toEqual(caBefore);
    expect(second.stdout).toBe(first.stdout);
    const servingAfter = inspectCertificate(await readFile(join(cwd, 'certs', 'tls.crt')));
    expect(servingAfter.serialNumber).not.toBe(servingBefore.serialNumber);
    expect(servingAfter.issuer).toBe(inspectCertificate(caBefore).subject);
  });

  it('refuses bad flags with exit code 2', async () => {
    const cwd = await makeTempDir();
    expect((await runBuiltCli(['certs', '--namespace', 'default'], cwd)).stderr).toContain('--service is required');
    expect((await runBuiltCli(['certs', '--service', 'Hook_1', '--namespace', 'default'], cwd)).code).toBe(2);
    expect((await runBuiltCli(['certs', '--service', 'hook', '--namespace', 'default', '--days', 'ten'], cwd)).code).toBe(2);
    expect((await runBuiltCli(['certs', '--service', 'hook', '--namespace', 'default', '--bogus'], cwd)).code).toBe(2);
  });
});
