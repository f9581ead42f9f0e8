import type { FieldError } from '../admission/field-error.js';
import { invalid } from '../admission/field-error.js';
import type { CustomResourceSubresources } from '../crd/types.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { goJson, goNumber } from '../util/go-format.js';

type Scale = NonNullable<CustomResourceSubresources['scale']>;
type Lookup = { readonly value: JsonValue | undefined; readonly error?: string };

const MAX_INT32 = 2147483647;

function goTypeName(value: JsonValue): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return value === null ? '<nil>' : 'map[string]interface {}';
}

function goValue(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  return value === null ? '<nil>' : goJson(value);
}

// unstructured.NestedFieldNoCopy with the accessor errors of NestedInt64/NestedString.
function nested(object: JsonObject, path: string, expected: 'int64' | 'string'): Lookup {
  const fields = path.replace(/^\./, '').split('.');
  let node: JsonValue | undefined = object;
  for (let i = 0; i < fields.length; i++) {
    if (!isJsonObject(node)) {
      const where = `.${fields.slice(0, i).join('.')}`;
      return { value: undefined, error: `${where} accessor error: ${goValue(node as JsonValue)} is of the type ${goTypeName(node as JsonValue)}, expected map[string]interface{}` };
    }
    node = node[fields[i] as string];
    if (node === undefined) return { value: undefined };
  }
  const ok = expected === 'int64' ? typeof node === 'number' && Number.isInteger(node) : typeof node === 'string';
  if (ok) return { value: node };
  return { value: undefined, error: `.${fields.join('.')} accessor error: ${goValue(node as JsonValue)} is of the type ${goTypeName(node as JsonValue)}, expected ${expected}` };
}

function replicas(object: JsonObject, path: string): FieldError[] {
  const found = nested(object, path, 'int64');
  if (found.error) return [invalid(path, 0, found.error)];
  const value = typeof found.value === 'number' ? found.value : 0;
  if (value < 0) return [invalid(path, value, 'should be a non-negative integer')];
  if (value > MAX_INT32) return [invalid(path, value, `should be less than or equal to ${MAX_INT32}`)];
  return [];
}

/** validateScaleSpec is customResourceValidator.ValidateScaleSpec: specReplicasPath holds a non-negative int32. */
export function validateScaleSpec(object: JsonObject, scale: Scale | null | undefined): FieldError[] {
  return scale ? replicas(object, scale.specReplicasPath) : [];
}

/** validateScaleStatus is ValidateScaleStatus: statusReplicasPath as above, labelSelectorPath a string. */
export function validateScaleStatus(object: JsonObject, scale: Scale | null | undefined): FieldError[] {
  if (!scale) return [];
  const errors = replicas(object, scale.statusReplicasPath);
  if (scale.labelSelectorPath) {
    const found = nested(object, scale.labelSelectorPath, 'string');
    if (found.error) errors.push(invalid(scale.labelSelectorPath, '', found.error));
  }
  return errors;
}
