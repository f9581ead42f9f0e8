import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ManifestDocument } from '../config/manifest-files.js';
import { ConfigError } from '../config/errors.js';
import { describeSource, readManifests } from '../config/manifest-files.js';
import { loadConfiguration } from '../config/load.js';
import type { ReviewParts } from '../replay/build-review.js';
import type { MakeReviewOptions } from '../replay/make-review.js';
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

interface ReviewFlags {
  readonly operation: ReviewParts['operation'];
  readonly files: readonly string[];
  readonly old?: string;
  readonly crds?: string[];
  readonly out?: string;
  readonly options: Omit<MakeReviewOptions, 'operation'>;
}

function reviewFlags(argv: readonly string[]): ReviewFlags {
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
  return {
    operation,
    files: positionals,
    ...(values.old !== undefined ? { old: values.old } : {}),
    ...(values.crds ? { crds: values.crds } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    options: {
      username: values.user ?? DEFAULT_USER,
      groups: values.groups !== undefined ? values.groups.split(',').map((g) => g.trim()).filter(Boolean) : DEFAULT_GROUPS,
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      dryRun: values['dry-run'] === true,
    },
  };
}

/** writeReviews prints one pretty review for one document, else one review per line; or writes files to --out. */
async function writeReviews(reviews: readonly JsonObject[], documents: number, flags: ReviewFlags, io: CliIo): Promise<void> {
  if (flags.out !== undefined) {
    await mkdir(flags.out, { recursive: true });
    const taken = new Set<string>();
    for (const review of reviews) {
      const path = join(flags.out, fileName(review, taken));
      await writeFile(path, `${JSON.stringify(review, null, 2)}\n`);
      io.stderr.write(`wrote ${path}\n`);
    }
  } else if (documents === 1 && reviews.length === 1) {
    io.stdout.write(`${JSON.stringify(reviews[0], null, 2)}\n`);
  } else {
    for (const review of reviews) io.stdout.write(`${JSON.stringify(review)}\n`);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = reviewFlags(argv);
  const { sources, settings } = configFromFlags(flags.crds ? { crds: flags.crds } : {});
  const config = await loadConfiguration(sources, settings);
  const problems: string[] = [];
  const manifests = await objectsOf(flags.files, problems);
  const olds = flags.old !== undefined ? (await objectsOf([flags.old], problems)).map((o) => o.object) : [];
  const reviews: JsonObject[] = [];
  for (const { doc, object } of manifests) {
    const old = flags.operation === 'UPDATE' ? matchOldObject(object, olds) : undefined;
    const review = flags.operation === 'UPDATE' && !old
      ? `no old object for ${objectIdentity(object)} in ${flags.old}`
      : reviewFromManifest(object, old ?? null, config.profiles, { ...flags.options, operation: flags.operation });
    if (typeof review === 'string') problems.push(`${describeSource(doc.source)}: ${review}`);
    else reviews.push(review);
  }
  await writeReviews(reviews, manifests.length, flags, io);
  for (const problem of problems) io.stderr.write(`crd-admission review: ${problem}\n`);
  return problems.length > 0 ? 2 : 0;
}

/** reviewCommand is `crd-admission review`. */
export const reviewCommand: Command = {
  name: 'review',
  summary: 'make AdmissionReview requests from plain manifests, as the apiserver sends them',
  usage: USAGE,
  run,
};
