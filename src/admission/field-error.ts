import { goJson, goNumber, goQuoteString } from '../util/go-format.js';
import type { JsonValue } from '../util/json.js';

/**
 * FieldErrorType is apimachinery's field.ErrorType: the string that travels as
 * `details.causes[].reason`.
 */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTooFew'
  | 'FieldValueTooShort'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** FieldError is apimachinery's field.Error: a problem with one field, as a value. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** Kubernetes field path, e.g. `spec.items[2].name` or `spec.ports[name="http"]`. */
  readonly field: string;
  /** The offending value; OMIT_VALUE when it is not shown (as field.omitValue). */
  readonly badValue: JsonValue | typeof OMIT_VALUE;
  readonly detail: string;
}

/** OMIT_VALUE marks a field error whose bad value is not rendered. */
export const OMIT_VALUE: unique symbol = Symbol('omitValue');

const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTooFew: 'Too few',
  FieldValueTooShort: 'Too short',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

// These types never print their bad value (field.Error.ErrorBody).
const VALUELESS: ReadonlySet<FieldErrorType> = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'FieldValueTooShort',
  'InternalError',
]);

/** fieldError builds a FieldError. */
export function fieldError(
  type: FieldErrorType,
  field: string,
  badValue: JsonValue | typeof OMIT_VALUE,
  detail: string,
): FieldError {
  return { type, field, badValue, detail };
}

export const required = (field: string, detail = ''): FieldError =>
  fieldError('FieldValueRequired', field, OMIT_VALUE, detail);
export const invalid = (field: string, value: JsonValue, detail: string): FieldError =>
  fieldError('FieldValueInvalid', field, value, detail);
export const forbidden = (field: string, detail: string): FieldError =>
  fieldError('FieldValueForbidden', field, OMIT_VALUE, detail);
export const duplicate = (field: string, value: JsonValue): FieldError =>
  fieldError('FieldValueDuplicate', field, value, '');
export const tooLong = (field: string, detail: string): FieldError =>
  fieldError('FieldValueTooLong', field, OMIT_VALUE, detail);
/** tooMany is field.TooMany: `must have at most 1 item` / `... 3 items`. */
export const tooMany = (field: string, actual: number, max: number): FieldError =>
  fieldError('FieldValueTooMany', field, actual >= 0 ? actual : OMIT_VALUE, max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items');
/** tooLongBytes is field.TooLong: `may not be more than 5 bytes`. */
export const tooLongBytes = (field: string, max: number): FieldError =>
  tooLong(field, max >= 0 ? `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` : 'value is too long');
export const internalError = (field: string, detail: string): FieldError =>
  fieldError('InternalError', field, OMIT_VALUE, detail);

/**
 * notSupported renders `supported values: "a", "b"` as field.NotSupported does:
 * every value is quoted; non-strings as their JSON text (as the CRD validator
 * passes enum values).
 */
export function notSupported(field: string, value: JsonValue, supported: readonly JsonValue[]): FieldError {
  const detail = supported.length > 0 ? `supported values: ${supported.map(quoteValue).join(', ')}` : '';
  return fieldError('FieldValueNotSupported', field, value, detail);
}

function quoteValue(value: JsonValue): string {
  return goQuote(typeof value === 'string' ? value : goJson(value));
}

/** goQuote renders a string as Go's %q (strconv.Quote) does. */
export function goQuote(text: string): string {
  return goQuoteString(text);
}

/**
 * renderBadValue prints a bad value as field.Error.ErrorBody does: numbers and
 * booleans with %v, strings with %q, anything else (objects, arrays, null) as
 * Go's json.Marshal output (sorted keys).
 */
export function renderBadValue(value: JsonValue): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return goJson(value);
}

/** errorBody is field.Error.ErrorBody: the cause message, without the field path. */
export function errorBody(error: FieldError): string {
  let text = TYPE_TEXT[error.type];
  if (!VALUELESS.has(error.type) && error.badValue !== OMIT_VALUE) {
    text += `: ${renderBadValue(error.badValue)}`;
  }
  if (error.detail.length > 0) text += `: ${error.detail}`;
  return text;
}

/** errorText is field.Error.Error(): `path: body`. */
export function errorText(error: FieldError): string {
  return error.field.length > 0 ? `${error.field}: ${errorBody(error)}` : errorBody(error);
}

/**
 * aggregateText is field.ErrorList.ToAggregate().Error(): identical messages are
 * dropped, one message stands alone, several are bracketed and comma-separated.
 */
export function aggregateText(errors: readonly FieldError[]): string {
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const error of errors) {
    const text = errorText(error);
    if (seen.has(text)) continue;
    seen.add(text);
    texts.push(text);
  }
  if (texts.length === 1) return texts[0] as string;
  return `[${texts.join(', ')}]`;
}

/** FIELD_ERROR_TYPES lists every FieldErrorType, for checking errors built outside this module. */
export const FIELD_ERROR_TYPES: ReadonlySet<string> = new Set(Object.keys(TYPE_TEXT));
