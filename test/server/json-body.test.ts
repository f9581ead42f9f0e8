import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../src/server/http-error.js';
import { MAX_NESTING_DEPTH, parseJsonBody } from '../../src/server/json-body.js';
import { locateJsonSyntaxError, nestingDepth } from '../../src/server/json-syntax.js';

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a":1,}', { position: 7, line: 1, column: 8, problem: 'expected a double-quoted property name' }],
    ['{"a": tru}', { position: 6, line: 1, column: 7, problem: 'unexpected character "t", expected a value' }],
    ['{"a"\n  1}', { position: 7, line: 2, column: 3, problem: "expected ':' after property name" }],
    ['[1, 2', { position: 5, line: 1, column: 6, problem: 'unexpected end of JSON input' }],
    ['{"a": [1 2]}', { position: 9, line: 1, column: 10, problem: "expected ',' or ']' after array element" }],
    ['{"a": 1 "b": 2}', { position: 8, line: 1, column: 9, problem: "expected ',' or '}' after property value" }],
    ['{"a": "tab\there"}', { position: 6, line: 1, column: 7, problem: 'unterminated string or invalid escape or control character in string' }],
    ['{} {}', { position: 3, line: 1, column: 4, problem: 'unexpected data after the JSON value' }],
    ['', { position: 0, line: 1, column: 1, problem: 'unexpected end of JSON input' }],
  ])('finds the error in %j', (text, expected) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonSyntaxError(text)).toEqual(expected);
  });

  it.each(['{"a": [1, {"b": null}], "c": "\\u00e9\\n", "d": -1.5e3}', '[]', '"x"', ' true '])('finds nothing wrong in valid %j', (text) => {
    expect(locateJsonSyntaxError(text)).toBeUndefined();
  });

  it('scans deep nesting without recursion', () => {
    expect(locateJsonSyntaxError(`${'['.repeat(100_000)}${']'.repeat(99_999)}`)?.problem).toBe('unexpected end of JSON input');
  });
});

describe('nestingDepth', () => {
  it('counts objects and arrays but not brackets inside strings', () => {
    expect(nestingDepth(Buffer.from('{"a": [{"b": "[[[{{{\\"]]]"}]}'))).toBe(3);
    expect(nestingDepth(Buffer.from('1'))).toBe(0);
  });
});

describe('parseJsonBody', () => {
  function problemOf(body: Buffer): HttpProblem {
    try {
      parseJsonBody(body);
    } catch (error) {
      if (error instanceof HttpProblem) return error;
    }
    throw new Error('expected an HttpProblem');
  }

  it('accepts nesting up to Go encoding/json limit and refuses one level more', () => {
    expect(() => parseJsonBody(Buffer.from(`${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}`))).not.toThrow();
    const deeper = MAX_NESTING_DEPTH + 1;
    expect(problemOf(Buffer.from(`${'['.repeat(deeper)}${']'.repeat(deeper)}`)).code).toBe('NestingTooDeep');
  });

  it('names the byte where UTF-8 breaks', () => {
    const problem = problemOf(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]));
    expect(problem.toBody()).toEqual({ statusCode: 400, error: 'Bad Request', code: 'InvalidUTF8', message: 'request body is not valid UTF-8 (at byte 2)' });
  });

  it('does not quote the body in its message', () => {
    expect(problemOf(Buffer.from('{"secret": tru}')).message).not.toContain('secret');
  });
});
