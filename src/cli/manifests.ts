import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readManifests } from '../config/manifest-files.js';
import { loadCrds } from '../crd/load.js';
import { webhookUrlProblem } from '../manifests/client-config.js';
import { DEFAULT_FAILURE_POLICY, DEFAULT_IMAGE, DEFAULT_REPLICAS, DEFAULT_TIMEOUT_SECONDS, TIMEOUT_SECONDS_RANGE } from '../manifests/defaults.js';
import { dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem } from '../manifests/names.js';
import type { IssuerRef, ManifestOptions, TlsTrust } from '../manifests/options.js';
import { kustomizeFiles, manifestsYaml, renderManifests } from '../manifests/render.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';

const USAGE = `Usage: crd-admission manifests --crds PATH... --namespace NS --service NAME [flags]

Prints the webhook configurations and the objects that run the webhook in a
cluster, as multi-document YAML (or a kustomize base with --out).

  --crds PATH             CRD file or directory (repeatable, required)
  --policies PATH         policy file or directory (repeatable); shipped to the
                          server, and DELETE is registered where a
                          ValidatingAdmissionPolicy matches it
  --namespace NS          namespace of the webhook (required); never sent to it
  --service NAME          name of the Service, Deployment and configurations (required)
  --ca-bundle FILE        PEM CA that signed the serving certificate (ca.crt of
                          \`crd-admission certs\`), set as caBundle
  --cert-manager ISSUER   a cert-manager Certificate and CA injection instead:
                          NAME or Issuer/NAME, ClusterIssuer/NAME, or self-signed
  --url URL               webhook outside the cluster (https://host:port); only
                          the webhook configurations are printed
  --image IMAGE           container image (default ${DEFAULT_IMAGE})
  --replicas N            pods (default ${DEFAULT_REPLICAS})
  --failure-policy P      Fail or Ignore (default ${DEFAULT_FAILURE_POLICY})
  --timeout-seconds N     1..30 (default ${DEFAULT_TIMEOUT_SECONDS})
  --webhooks-only         print only the two webhook configurations
  --out DIR               write a kustomize base (one file per object) to DIR`;

/** ManifestFlags are the parsed flags of `manifests`. */
export type ManifestFlags = ReturnType<typeof parseManifestFlags>;

/** parseManifestFlags reads the flags of `manifests`; a bad flag is a UsageError. */
export function parseManifestFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        crds: { type: 'string', multiple: true },
        policies: { type: 'string', multiple: true },
        namespace: { type: 'string' },
        service: { type: 'string' },
        'ca-bundle': { type: 'string' },
        'cert-manager': { type: 'string' },
        url: { type: 'string' },
        image: { type: 'string' },
        replicas: { type: 'string' },
        'failure-policy': { type: 'string' },
        'timeout-seconds': { type: 'string' },
        'webhooks-only': { type: 'boolean' },
        out: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function checkName(value: string, flag: string, problemOf: (v: string) => string | undefined): string {
  const problem = problemOf(value);
  if (problem) throw new UsageError(`${flag} ${JSON.stringify(value)}: ${problem}`);
  return value;
}

function integer(raw: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

/** parseIssuer reads --cert-manager: `self-signed`, `NAME` (an Issuer), `Issuer/NAME` or `ClusterIssuer/NAME`. */
export function parseIssuer(raw: string): IssuerRef {
  if (raw === 'self-signed') return { kind: 'self-signed' };
  const [kind, name] = raw.includes('/') ? raw.split('/', 2) : ['Issuer', raw];
  if (kind !== 'Issuer' && kind !== 'ClusterIssuer') {
    throw new UsageError(`--cert-manager ${JSON.stringify(raw)}: the kind must be Issuer or ClusterIssuer`);
  }
  return { kind, name: checkName(name ?? '', '--cert-manager', dns1123SubdomainProblem) };
}

async function caBundle(file: string): Promise<string> {
  let pem: Buffer;
  try {
    pem = await readFile(file);
  } catch (error) {
    throw new UsageError(`--ca-bundle ${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const text = pem.toString('utf8');
  // A caBundle is readable by anyone who may read webhook configurations: never let a key into it.
  if (text.includes('PRIVATE KEY')) throw new UsageError(`--ca-bundle ${file}: the file holds a private key; give the CA certificate (ca.crt)`);
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-bundle ${file}: no PEM certificate in the file`);
  return pem.toString('base64');
}

async function trustOf(flags: ManifestFlags): Promise<TlsTrust> {
  const bundleFile = flags['ca-bundle'];
  const issuer = flags['cert-manager'];
  if (bundleFile !== undefined && issuer !== undefined) throw new UsageError('--ca-bundle and --cert-manager exclude each other');
  if (issuer !== undefined && flags.url !== undefined) {
    throw new UsageError('--cert-manager issues a certificate for the in-cluster Service; with --url give --ca-bundle');
  }
  if (bundleFile !== undefined) return { kind: 'ca-bundle', caBundle: await caBundle(bundleFile) };
  if (issuer !== undefined) return { kind: 'cert-manager', issuer: parseIssuer(issuer) };
  return { kind: 'none' };
}

function checkUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const problem = webhookUrlProblem(url);
  if (problem) throw new UsageError(`--url ${JSON.stringify(url)}: ${problem}`);
  return url;
}

function failurePolicy(raw: string | undefined): 'Fail' | 'Ignore' {
  const value = raw ?? DEFAULT_FAILURE_POLICY;
  if (value !== 'Fail' && value !== 'Ignore') throw new UsageError(`--failure-policy must be Fail or Ignore, got ${JSON.stringify(value)}`);
  return value;
}

/** manifestOptions turns the flags into generator options, reading the CRD, policy and CA files. */
export async function manifestOptions(flags: ManifestFlags): Promise<ManifestOptions> {
  const crdPaths = flags.crds ?? [];
  if (crdPaths.length === 0) throw new UsageError('--crds is required');
  const namespace = checkName(required(flags.namespace, '--namespace'), '--namespace', dns1123LabelProblem);
  const service = checkName(required(flags.service, '--service'), '--service', dns1035LabelProblem);
  const url = checkUrl(flags.url);
  const trust = await trustOf(flags);
  const image = flags.image ?? DEFAULT_IMAGE;
  if (image === '' || /\s/.test(image)) throw new UsageError(`--image ${JSON.stringify(image)}: not an image reference`);
  const crds = loadCrds(await readManifests(crdPaths));
  if (crds.length === 0) throw new UsageError(`no CustomResourceDefinition found in ${crdPaths.join(', ')}`);
  return {
    crds,
    policyDocuments: await readManifests(flags.policies ?? []),
    namespace,
    service,
    trust,
    ...(url === undefined ? {} : { url }),
    image,
    replicas: integer(flags.replicas, '--replicas', DEFAULT_REPLICAS, 1, 1000),
    failurePolicy: failurePolicy(flags['failure-policy']),
    timeoutSeconds: integer(flags['timeout-seconds'], '--timeout-seconds', DEFAULT_TIMEOUT_SECONDS, TIMEOUT_SECONDS_RANGE.min, TIMEOUT_SECONDS_RANGE.max),
    // A webhook outside the cluster needs no Deployment: --url prints the configurations only.
    webhooksOnly: flags['webhooks-only'] === true || url !== undefined,
  };
}

function trustNote(opts: ManifestOptions): string | undefined {
  if (opts.trust.kind !== 'none') return undefined;
  if (opts.url !== undefined) return 'note: no --ca-bundle: the apiserver will verify the webhook against its system roots\n';
  return (
    'note: no --ca-bundle or --cert-manager: the webhook configurations carry no caBundle; ' +
    `create the Secret ${opts.service}-tls and set caBundle as docs/deploy.md shows\n`
  );
}

async function writeKustomize(dir: string, files: Map<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of files) await writeFile(join(dir, name), text);
}

/** manifestsCommand is `crd-admission manifests`. */
export const manifestsCommand: Command = {
  name: 'manifests',
  summary: 'print webhook configurations and deployment manifests for CRDs',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const flags = parseManifestFlags(argv);
    const opts = await manifestOptions(flags);
    const objects = renderManifests(opts);
    const note = trustNote(opts);
    if (note) io.stderr.write(note);
    if (flags.out !== undefined) await writeKustomize(flags.out, kustomizeFiles(objects));
    else io.stdout.write(manifestsYaml(objects));
    return 0;
  },
};
