/**
 * admissionregistration.k8s.io/v1 webhook validation (kubernetes/kubernetes
 * pkg/apis/admissionregistration/validation/validation.go, with the upstream
 * wording), as the apiserver applies it on create.
 */
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, labelSelectorErrors, objectMetaErrors } from './api-rules.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

const OPERATIONS = new Set(['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT']);
const SCOPES = new Set(['Cluster', 'Namespaced', '*']);

/** resourcesErrors is validateResources (subresources allowed). */
export function resourcesErrors(resources: string[], path: string): string[] {
  const errors: string[] = [];
  if (resources.length === 0) errors.push(`${path}: Required value`);
  const resWildcardSub = new Set<string>();
  const subWildcardRes = new Set<string>();
  let double = false;
  let single = false;
  let plain = false;
  resources.forEach((resSub, i) => {
    if (resSub === '') return void errors.push(`${path}[${i}]: Required value`);
    if (resSub === '*/*') double = true;
    if (resSub === '*') single = true;
    const slash = resSub.indexOf('/');
    if (slash < 0) {
      plain = resSub !== '*';
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (resWildcardSub.has(res)) errors.push(`${path}[${i}]: Invalid value: "${resSub}": if '${res}/*' is present, must not specify ${resSub}`);
    if (subWildcardRes.has(sub)) errors.push(`${path}[${i}]: Invalid value: "${resSub}": if '*/${sub}' is present, must not specify ${resSub}`);
    if (sub === '*') resWildcardSub.add(res);
    if (res === '*') subWildcardRes.add(sub);
  });
  if (resources.length > 1 && double) errors.push(`${path}: Invalid value: if '*/*' is present, must not specify other resources`);
  if (single && plain) errors.push(`${path}: Invalid value: if '*' is present, must not specify other resources without subresources`);
  return errors;
}

/** ruleErrors is validateRuleWithOperations. */
export function ruleErrors(rule: unknown, path: string): string[] {
  if (!isObj(rule)) return [`${path}: must be an object`];
  const errors: string[] = [];
  const operations = strings(rule.operations);
  if (operations.length === 0) errors.push(`${path}.operations: Required value`);
  if (operations.length > 1 && operations.includes('*')) errors.push(`${path}.operations: Invalid value: if '*' is present, the length of operations must be one`);
  for (const op of operations) if (!OPERATIONS.has(op)) errors.push(`${path}.operations: Unsupported value: "${op}"`);
  const groups = strings(rule.apiGroups);
  if (groups.length === 0) errors.push(`${path}.apiGroups: Required value`);
  if (groups.length > 1 && groups.includes('*')) errors.push(`${path}.apiGroups: Invalid value: if '*' is present, must not specify other API groups`);
  const versions = strings(rule.apiVersions);
  if (versions.length === 0) errors.push(`${path}.apiVersions: Required value`);
  if (versions.length > 1 && versions.includes('*')) errors.push(`${path}.apiVersions: Invalid value: if '*' is present, must not specify other API versions`);
  versions.forEach((v, i) => v === '' && errors.push(`${path}.apiVersions[${i}]: Required value`));
  errors.push(...resourcesErrors(strings(rule.resources), `${path}.resources`));
  if (rule.scope !== undefined && !SCOPES.has(String(rule.scope))) errors.push(`${path}.scope: Unsupported value: "${String(rule.scope)}"`);
  return errors;
}

/** webhookUrlErrors is apiserver/pkg/util/webhook ValidateWebhookURL with forceHttps. */
export function webhookUrlErrors(raw: string, path: string): string[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [`${path}: Invalid value: "${raw}": host must be specified`];
  }
  const errors: string[] = [];
  if (url.protocol !== 'https:') errors.push(`${path}: Invalid value: "${raw}": 'https' is the only allowed URL scheme`);
  if (url.host === '') errors.push(`${path}: Invalid value: "${raw}": host must be specified`);
  if (url.username !== '' || url.password !== '') errors.push(`${path}: Invalid value: "${raw}": user information is not permitted in the URL`);
  if (url.hash !== '') errors.push(`${path}: Invalid value: "${raw}": fragments are not permitted in the URL`);
  if (url.search !== '') errors.push(`${path}: Invalid value: "${raw}": query parameters are not permitted in the URL`);
  return errors;
}

/** serviceErrors is ValidateWebhookService. */
export function serviceErrors(service: Obj, path: string): string[] {
  const errors: string[] = [];
  if (typeof service.name !== 'string' || !isDns1035Label(service.name)) errors.push(`${path}.name: Invalid value`);
  if (typeof service.namespace !== 'string' || !isDns1123Label(service.namespace)) errors.push(`${path}.namespace: Invalid value`);
  const port = service.port ?? 443;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) errors.push(`${path}.port: Invalid value: port is not valid`);
  if (service.path !== undefined) {
    const p = String(service.path);
    if (!p.startsWith('/')) errors.push(`${path}.path: Invalid value: "${p}": must start with a '/'`);
    if (p.includes('?') || p.includes('//')) errors.push(`${path}.path: Invalid value: "${p}": not a clean path`);
    for (const segment of p.split('/').slice(1)) {
      if (segment !== '' && !isDns1123Subdomain(segment)) errors.push(`${path}.path: Invalid value: "${p}": segment ${segment}`);
    }
  }
  return errors;
}

function clientConfigErrors(cc: unknown, path: string): string[] {
  if (!isObj(cc)) return [`${path}: Required value`];
  if ((cc.url === undefined) === (cc.service === undefined)) return [`${path}: Required value: exactly one of url or service is required`];
  const errors = cc.url !== undefined ? webhookUrlErrors(String(cc.url), `${path}.url`) : serviceErrors(cc.service as Obj, `${path}.service`);
  if (cc.caBundle !== undefined && !/^[A-Za-z0-9+/]+={0,2}$/.test(String(cc.caBundle))) errors.push(`${path}.caBundle: not base64`);
  return errors;
}

/** admissionReviewVersionsErrors is validateAdmissionReviewVersions (requireRecognized on create). */
export function admissionReviewVersionsErrors(versions: string[], path: string): string[] {
  if (versions.length === 0) return [`${path}: Required value: must specify one of v1, v1beta1`];
  const errors: string[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v)) return void errors.push(`${path}[${i}]: Invalid value: "${v}": duplicate version`);
    seen.add(v);
    if (!isDns1035Label(v)) errors.push(`${path}[${i}]: Invalid value: "${v}": not a DNS-1035 label`);
  });
  if (!versions.some((v) => v === 'v1' || v === 'v1beta1')) errors.push(`${path}: Invalid value: must include at least one of v1, v1beta1`);
  return errors;
}

function webhookErrors(hook: Obj, path: string, mutating: boolean): string[] {
  const errors: string[] = [];
  const name = String(hook.name ?? '');
  if (!isDns1123Subdomain(name)) errors.push(`${path}.name: Invalid value: "${name}": not a DNS-1123 subdomain`);
  else if (name.split('.').length < 3) errors.push(`${path}.name: Invalid value: "${name}": should be a domain with at least three segments separated by dots`);
  (Array.isArray(hook.rules) ? hook.rules : []).forEach((r: unknown, i) => errors.push(...ruleErrors(r, `${path}.rules[${i}]`)));
  if (hook.failurePolicy !== undefined && !['Ignore', 'Fail'].includes(String(hook.failurePolicy))) errors.push(`${path}.failurePolicy: Unsupported value`);
  if (hook.matchPolicy !== undefined && !['Exact', 'Equivalent'].includes(String(hook.matchPolicy))) errors.push(`${path}.matchPolicy: Unsupported value`);
  if (hook.sideEffects === undefined) errors.push(`${path}.sideEffects: Required value: must specify one of None, NoneOnDryRun`);
  else if (!['None', 'NoneOnDryRun'].includes(String(hook.sideEffects))) errors.push(`${path}.sideEffects: Unsupported value: "${String(hook.sideEffects)}"`);
  const timeout = hook.timeoutSeconds;
  if (timeout !== undefined && (typeof timeout !== 'number' || timeout < 1 || timeout > 30)) {
    errors.push(`${path}.timeoutSeconds: Invalid value: ${String(timeout)}: the timeout value must be between 1 and 30 seconds`);
  }
  errors.push(...labelSelectorErrors(hook.namespaceSelector, `${path}.namespaceSelector`));
  errors.push(...labelSelectorErrors(hook.objectSelector, `${path}.objectSelector`));
  if (mutating && hook.reinvocationPolicy !== undefined && !['Never', 'IfNeeded'].includes(String(hook.reinvocationPolicy))) {
    errors.push(`${path}.reinvocationPolicy: Unsupported value`);
  }
  if (!mutating && hook.reinvocationPolicy !== undefined) errors.push(`${path}.reinvocationPolicy: unknown field`);
  errors.push(...clientConfigErrors(hook.clientConfig, `${path}.clientConfig`));
  errors.push(...admissionReviewVersionsErrors(strings(hook.admissionReviewVersions), `${path}.admissionReviewVersions`));
  return errors;
}

/** webhookConfigurationErrors is Validate{Validating,Mutating}WebhookConfiguration. */
export function webhookConfigurationErrors(config: Obj): string[] {
  const mutating = config.kind === 'MutatingWebhookConfiguration';
  const errors = objectMetaErrors(config.metadata, isDns1123Subdomain, false);
  const names = new Set<string>();
  (Array.isArray(config.webhooks) ? config.webhooks : []).forEach((hook: unknown, i) => {
    const path = `webhooks[${i}]`;
    if (!isObj(hook)) return void errors.push(`${path}: must be an object`);
    errors.push(...webhookErrors(hook, path, mutating));
    const name = String(hook.name);
    if (names.has(name)) errors.push(`${path}.name: Duplicate value: "${name}"`);
    names.add(name);
  });
  return errors;
}
