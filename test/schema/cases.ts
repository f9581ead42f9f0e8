import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Decision } from '../../src/admission/decision.js';
import type { AdmissionRequest, Operation, StatusCause } from '../../src/admission/types.js';
import type { Configuration } from '../../src/config/load.js';
import { admit } from '../../src/pipeline/admit.js';
import type { JsonObject } from '../../src/util/json.js';

/** SchemaCase is one request of a fixture file and what kube-apiserver answers to it. */
export interface SchemaCase {
  readonly name: string;
  readonly operation: Operation;
  readonly subResource?: string;
  readonly version?: string;
  readonly settings?: { readonly ratcheting?: boolean };
  readonly object: JsonObject;
  readonly oldObject?: JsonObject;
  readonly expect: {
    readonly allowed: boolean;
    readonly message?: string;
    readonly causes?: readonly StatusCause[];
  };
}

/** CaseFile is a fixture file: the CRD file the cases run against and the cases. */
export interface CaseFile {
  readonly crd: string;
  readonly cases: readonly SchemaCase[];
}

export const FIXTURES = new URL('../fixtures/schema/', import.meta.url);

/** readCaseFile parses a file under test/fixtures/schema/cases. */
export function readCaseFile(name: string): CaseFile {
  return parse(readFileSync(new URL(`cases/${name}`, FIXTURES), 'utf8')) as CaseFile;
}

/** caseRequest builds the AdmissionRequest the apiserver would send for a case. */
export function caseRequest(c: SchemaCase): AdmissionRequest {
  const version = c.version ?? 'v1';
  const metadata = (c.object.metadata ?? {}) as JsonObject;
  return {
    uid: '0c8e8f3e-5d6a-4b55-9d1e-6c1b9f7a0001',
    kind: { group: 'example.com', version, kind: 'Widget' },
    resource: { group: 'example.com', version, resource: 'widgets' },
    ...(c.subResource ? { subResource: c.subResource } : {}),
    name: String(metadata.name ?? ''),
    namespace: String(metadata.namespace ?? ''),
    operation: c.operation,
    userInfo: { username: 'kubernetes-admin' },
    object: c.object,
    oldObject: c.oldObject ?? null,
    dryRun: false,
    options: null,
  };
}

/** runCase admits a case's request on /validate with the case's settings. */
export function runCase(config: Configuration, c: SchemaCase): Decision {
  const settings = { ...config.settings, ...(c.settings ?? {}) };
  return admit(caseRequest(c), 'validate', { ...config, settings });
}
