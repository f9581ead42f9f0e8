import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ManifestDocument } from '../config/manifest-files.js';
import { ConfigError } from '../config/errors.js';
import { describeSource, readManifests } from '../config/manifest-files.js';
import { loadConfiguration } from '../config/load.js';
import type { ReviewParts } from '../replay/build-review.js';
import { DEFAULT_GROUPS, DEFAULT_USER, matchOldObject, objectIdentity, reviewFromManifest } from '../replay/make-review.js';
import type { JsonObject } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { configFromFlags } from './config-flags.js';

const OPERATIONS: readonly ReviewParts['operation'][] = ['CREATE', 'UPDATE', 'DELETE'];

const USAGE = `Usage: crd-admission review --operation CREATE|UPDATE|DELETE [flags] FILE...

Makes admission.k8s.io/v1 AdmissionReview requests from plain object
manifests, as the apiserver would send them to the webhook (kind, resource and
scope from the CRDs, a fresh uid, userInfo, options), ready for
\`crd-admission replay\`. One review per document; DELETE uses the manifest
as the old object.

  --operation OP        CREATE, UPDATE or DELETE (required)
  --old FILE            the existing object(s) for UPDATE (matched by kind and name)
  --user NAME           username (default ${DEFAULT_USER})
  --groups G,...        groups (default ${DEFAULT_GROUPS.join(',')})
  --namespace NS        namespace of namespaced objects that name none (default "default")
  --dry-run             mark the request as a dry run
  --crds PATH           CRD files or directories (repeatable; default: the bundled examples)
  --out DIR             write one file per review to DIR instead of printing

Prints the review as JSON (one review per line when there are several).
Exit codes: 0 done; 2 a bad flag, an unreadable file or an object no CRD serves.`;

/** objectsOf reads each file on its own, so that one unreadable file is reported without losing the others. */
async function objectsOf(paths: readonly string[], problems: string[]): Promise<{ doc: ManifestDocument; object: JsonObject }[]> {
  const documents: ManifestDocument[] = [];
  for (const path of paths) {
    try {
      documents.push(...(await readManifests([path])));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  const out: { doc: ManifestDocument; object: JsonObject }[] = [];
  for (const doc of documents) {
    if (isJsonObject(doc.value)) out.push({ doc, object: doc.value });
    else problems.push(`${describeSource(doc.source)}: not an object`);
  }
  return out;
}

function fileName(review: JsonObject, taken: Set<string>): string {
  const request = review.request as JsonObject;
  const kind = (request.kind as JsonObject).kind as string;
  const parts = [kind, request.namespace, request.name ?? 'unnamed', request.operation].filter((p): p is string => typeof p === 'string');
  const base = parts.join('-').toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  let name = `${base}.json`;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}.json`;
  taken.add(name);
  return name;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      operation: { type: 'string' },
      old: { type: 'string' },
      user: { type: 'string' },
      groups: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      'dry-run': { type: 'boolean' },
      crds: { type: 'string', multiple: true },
      out: { type: 'string' },
    },
  });
  const operation = values.operation?.toUpperCase() as ReviewParts['operation'] | undefined;
  if (!operation || !OPERATIONS.includes(operation)) throw new UsageError(`--operation must be one of ${OPERATIONS.join(', ')}`);
  if (positionals.length === 0) throw new UsageError('no FILE given');
  if (operation === 'UPDATE' && values.old === undefined) throw new UsageError('UPDATE needs the existing object: --old FILE');
  const { sources, settings } = configFromFlags({ ...(values.crds ? { crds: values.crds } : {}) });
  const config = await loadConfiguration(sources, settings);
  const problems: string[] = [];
  const manifests = await objectsOf(positionals, problems);
  const olds = values.old ? (await objectsOf([values.old], problems)).map((o) => o.object) : [];
  const reviews: JsonObject[] = [];
  for (const { doc, object } of manifests) {
    const old = operation === 'UPDATE' ? matchOldObject(object, olds) : undefined;
    if (operation === 'UPDATE' && !old) {
      problems.push(`${describeSource(doc.source)}: no old object for ${objectIdentity(object)} in ${values.old}`);
      continue;
    }
    const review = reviewFromManifest(object, old ?? null, config.profiles, {
      operation,
      username: values.user ?? DEFAULT_USER,
      groups: values.groups !== undefined ? values.groups.split(',').map((g) => g.trim()).filter(Boolean) : DEFAULT_GROUPS,
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      dryRun: values['dry-run'] === true,
    });
    if (typeof review === 'string') problems.push(`${describeSource(doc.source)}: ${review}`);
    else reviews.push(review);
  }
  if (values.out !== undefined) {
    await mkdir(values.out, { recursive: true });
    const taken = new Set<string>();
    for (const review of reviews) {
      const path = join(values.out, fileName(review, taken));
      await writeFile(path, `${JSON.stringify(review, null, 2)}\n`);
      io.stderr.write(`wrote ${path}\n`);
    }
  } else if (reviews.length === 1 && manifests.length === 1) {
    io.stdout.write(`${JSON.stringify(reviews[0], null, 2)}\n`);
  } else {
    for (const review of reviews) io.stdout.write(`${JSON.stringify(review)}\n`);
  }
  for (const problem of problems) io.stderr.write(`crd-admission review: ${problem}\n`);
  return problems.length > 0 ? 2 : 0;
}

/** reviewCommand is `crd-admission review`. */
export const reviewCommand: Command = {
  name: 'review',
  summary: 'make AdmissionReview requests from plain manifests, as the apiserver sends them',
  usage: USAGE,
  run: async (argv, io) => {
    try {
      return await run(argv, io);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
      throw error;
    }
  },
};
