import { invalid, notSupported, required } from '../admission/field-error.js';
import type { JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';
import { labelValueProblem, qualifiedNameProblem } from './names.js';
import type { ShapeReader } from './shape.js';

/** SelectorOperator is metav1.LabelSelectorOperator. */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** LabelRequirement is one compiled requirement of a selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: ReadonlySet<string>;
}

/** LabelSelector is a compiled metav1.LabelSelector; no requirements means "everything". */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
}

/** EVERYTHING is the empty selector `{}`: it matches every label set, even a missing object. */
export const EVERYTHING: LabelSelector = Object.freeze({ requirements: [] });

/**
 * readLabelSelector checks and compiles a metav1.LabelSelector as
 * ValidateLabelSelector and LabelSelectorAsSelector do: matchLabels become
 * `In` requirements of one value.
 */
export function readLabelSelector(reader: ShapeReader, value: JsonValue | undefined, path: string): LabelSelector {
  const selector = reader.object(value, path, false, ['matchLabels', 'matchExpressions']);
  if (!selector) return EVERYTHING;
  const requirements: LabelRequirement[] = [];
  const matchLabels = reader.object(selector.matchLabels, `${path}.matchLabels`) ?? {};
  for (const [key, labelValue] of Object.entries(matchLabels)) {
    reader.check(key, `${path}.matchLabels`, qualifiedNameProblem);
    const text = reader.string(labelValue, `${path}.matchLabels`) ?? '';
    reader.check(text, `${path}.matchLabels`, labelValueProblem);
    requirements.push({ key, operator: 'In', values: new Set([text]) });
  }
  reader.list(selector.matchExpressions, `${path}.matchExpressions`).forEach((item, i) => {
    const requirement = readRequirement(reader, item, `${path}.matchExpressions[${i}]`);
    if (requirement) requirements.push(requirement);
  });
  return { requirements };
}

function readRequirement(reader: ShapeReader, value: JsonValue, path: string): LabelRequirement | undefined {
  if (!isJsonObject(value)) {
    reader.add(invalid(path, value, 'must be an object'));
    return undefined;
  }
  reader.object(value, path, true, ['key', 'operator', 'values']);
  const key = reader.string(value.key, `${path}.key`, true);
  reader.check(key, `${path}.key`, qualifiedNameProblem);
  if (value.operator === undefined) {
    reader.add(required(`${path}.operator`));
    return undefined;
  }
  if (!OPERATORS.includes(value.operator as SelectorOperator)) {
    reader.add(notSupported(`${path}.operator`, value.operator, OPERATORS));
    return undefined;
  }
  const operator = value.operator as SelectorOperator;
  const values = reader.stringList(value.values, `${path}.values`);
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    reader.add(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    reader.add(invalid(`${path}.values`, values, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  }
  values.forEach((v, i) => reader.check(v, `${path}.values[${i}]`, labelValueProblem));
  return key === undefined ? undefined : { key, operator, values: new Set(values) };
}

/** selectorMatches evaluates a selector against a label set, as labels.Selector.Matches. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const requirement of selector.requirements) {
    const present = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    const value = present ? labels[requirement.key] : undefined;
    switch (requirement.operator) {
      case 'In':
        if (value === undefined || !requirement.values.has(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && requirement.values.has(value)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/** labelsOf reads metadata.labels of an object as a string map (non-strings are ignored). */
export function labelsOf(object: JsonValue | null | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!isJsonObject(object) || !isJsonObject(object.metadata) || !isJsonObject(object.metadata.labels)) return labels;
  for (const [key, value] of Object.entries(object.metadata.labels)) if (typeof value === 'string') labels[key] = value;
  return labels;
}
