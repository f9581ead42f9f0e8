import type { AdmissionRequest, Operation } from '../../src/admission/types.js';
import type { Configuration } from '../../src/config/load.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import { DEFAULTING_PLUGIN } from '../../src/defaulting/plugin.js';
import { DEFAULT_SETTINGS } from '../../src/pipeline/settings.js';
import { PROFILE_PLUGINS } from '../../src/profiles/plugins.js';
import type { JsonObject } from '../../src/util/json.js';

/** fixture resolves a file under test/fixtures/policy. */
export const fixture = (name: string): string => new URL(`../fixtures/policy/${name}`, import.meta.url).pathname;

/** loadPolicies loads the example CRDs with the given policy fixtures, params and namespaces. */
export function loadPolicies(...files: string[]): Promise<Configuration> {
  return loadPoliciesWith(PROFILE_PLUGINS, files);
}

/**
 * loadPolicyMutations is loadPolicies without schema defaulting and pruning,
 * so that a patch holds the policies' own operations only.
 */
export function loadPolicyMutations(...files: string[]): Promise<Configuration> {
  return loadPoliciesWith(PROFILE_PLUGINS.filter((plugin) => plugin !== DEFAULTING_PLUGIN), files);
}

function loadPoliciesWith(plugins: typeof PROFILE_PLUGINS, files: readonly string[]): Promise<Configuration> {
  const sources = {
    crdPaths: [BUNDLED_EXAMPLES],
    policyPaths: files.map(fixture),
    paramPaths: [fixture('params.yaml')],
    namespacePaths: [fixture('namespaces.yaml')],
  };
  return loadConfiguration(sources, DEFAULT_SETTINGS, plugins);
}

interface RequestOptions {
  readonly operation?: Operation;
  readonly namespace?: string;
  readonly username?: string;
  readonly groups?: readonly string[];
  readonly oldObject?: JsonObject | null;
  readonly subResource?: string;
}

function request(group: string, kind: string, resource: string, object: JsonObject, options: RequestOptions): AdmissionRequest {
  const operation = options.operation ?? 'CREATE';
  const metadata = object.metadata as JsonObject;
  return {
    uid: '6d8f2c1e-0b7a-4f43-9a55-2f3c1c6a9e10',
    kind: { group, version: 'v1', kind },
    resource: { group, version: 'v1', resource },
    ...(options.subResource ? { subResource: options.subResource } : {}),
    name: metadata.name as string,
    namespace: options.namespace ?? 'production',
    operation,
    userInfo: { username: options.username ?? 'jane@example.com', groups: [...(options.groups ?? ['system:authenticated'])] },
    object: operation === 'DELETE' ? null : object,
    oldObject: options.oldObject ?? (operation === 'DELETE' ? object : null),
    dryRun: false,
    options: null,
  };
}

/** cronTab builds a CronTab request (with the schema's default cronSpec unless given). */
export function cronTab(spec: JsonObject, options: RequestOptions = {}, metadata: JsonObject = {}): AdmissionRequest {
  const object = {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'nightly', namespace: options.namespace ?? 'production', ...metadata },
    spec: { cronSpec: '5 0 * * *', ...spec },
  };
  return request('stable.example.com', 'CronTab', 'crontabs', object, options);
}

/** webApp builds a WebApp request. */
export function webApp(spec: JsonObject, options: RequestOptions = {}, metadata: JsonObject = {}): AdmissionRequest {
  const object = { apiVersion: 'platform.example.com/v1', kind: 'WebApp', metadata: { name: 'shop', namespace: options.namespace ?? 'production', ...metadata }, spec };
  return request('platform.example.com', 'WebApp', 'webapps', object, options);
}
