import type { FieldError } from '../admission/field-error.js';
import { errorBody, forbidden, invalid, notSupported, required } from '../admission/field-error.js';
import { ConfigError, ConfigErrors } from '../config/errors.js';
import type { ManifestDocument } from '../config/manifest-files.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { isJsonObject } from '../util/json.js';

/**
 * ShapeReader reads a policy document field by field, as the apiserver's
 * decoding and validation would, collecting field errors instead of throwing
 * so that one load reports every problem of a document.
 */
export class ShapeReader {
  readonly errors: FieldError[] = [];

  add(...errors: FieldError[]): void {
    this.errors.push(...errors);
  }

  /**
   * object reads an object field; a missing required one is Required. With
   * `known`, any other key is refused, as strict field validation would.
   */
  object(value: JsonValue | undefined, path: string, isRequired = false, known?: readonly string[]): JsonObject | undefined {
    if (value === undefined || value === null) {
      if (isRequired) this.add(required(path));
      return undefined;
    }
    if (!isJsonObject(value)) {
      this.add(invalid(path, value, 'must be an object'));
      return undefined;
    }
    if (known) {
      for (const key of Object.keys(value)) {
        if (!known.includes(key)) this.add(forbidden(path ? `${path}.${key}` : key, 'unknown field'));
      }
    }
    return value;
  }

  /** list reads an array field (absent or null is an empty list). */
  list(value: JsonValue | undefined, path: string): JsonValue[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.add(invalid(path, value, 'must be a list'));
      return [];
    }
    return value;
  }

  /** string reads a string field; a missing or empty required one is Required. */
  string(value: JsonValue | undefined, path: string, isRequired = false, detail = ''): string | undefined {
    if (value === undefined || value === null || value === '') {
      if (isRequired) this.add(required(path, detail));
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(invalid(path, value, 'must be a string'));
      return undefined;
    }
    return value;
  }

  /** stringList reads a list of strings. */
  stringList(value: JsonValue | undefined, path: string): string[] {
    const out: string[] = [];
    this.list(value, path).forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else this.add(invalid(`${path}[${i}]`, item, 'must be a string'));
    });
    return out;
  }

  /** oneOf reads an enumerated string, with a default when absent. */
  oneOf<T extends string>(value: JsonValue | undefined, path: string, supported: readonly T[], fallback: T): T;
  oneOf<T extends string>(value: JsonValue | undefined, path: string, supported: readonly T[]): T | undefined;
  oneOf<T extends string>(value: JsonValue | undefined, path: string, supported: readonly T[], fallback?: T): T | undefined {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string' && (supported as readonly string[]).includes(value)) return value as T;
    this.add(notSupported(path, value, supported));
    return fallback;
  }

  /** check records an Invalid error when a name check reports a problem. */
  check(value: string | undefined, path: string, problemOf: (v: string) => string | undefined): void {
    if (value === undefined) return;
    const problem = problemOf(value);
    if (problem) this.add(invalid(path, value, problem));
  }
}

/** configErrorsOf turns a document's field errors into ConfigErrors naming the file, line and path. */
export function configErrorsOf(doc: ManifestDocument, errors: readonly FieldError[]): ConfigError[] {
  return errors.map((error) => new ConfigError(doc.source.file, errorBody(error), error.field, doc.source.line));
}

/** throwConfigErrors throws one ConfigError, or ConfigErrors for several; nothing for none. */
export function throwConfigErrors(errors: readonly ConfigError[]): void {
  if (errors.length === 1) throw errors[0] as ConfigError;
  if (errors.length > 1) throw new ConfigErrors(errors);
}
