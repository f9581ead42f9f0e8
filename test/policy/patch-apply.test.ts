import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { JsonPatchOperation } from '../../src/admission/types.js';
import { applyPatchShared, isNoOp } from '../../src/policy/patch-apply.js';
import type { JsonObject } from '../../src/util/json.js';
import { deepClone } from '../../src/util/json.js';

const object: JsonObject = {
  metadata: { name: 'a', labels: { 'x/y': '1' } },
  spec: { list: [1, 2, 3], nested: { keep: { deep: true } } },
};

describe('applyPatchShared', () => {
  it('gives what fast-json-patch gives, without touching the input, sharing untouched parts', () => {
    const operations: JsonPatchOperation[] = [
      { op: 'add', path: '/metadata/labels/x~1z', value: '2' },
      { op: 'replace', path: '/spec/list/0', value: 9 },
      { op: 'add', path: '/spec/list/-', value: 4 },
      { op: 'remove', path: '/spec/list/1' },
      { op: 'copy', from: '/metadata/name', path: '/spec/name' },
      { op: 'move', from: '/spec/name', path: '/spec/moved' },
      { op: 'test', path: '/spec/moved', value: 'a' },
    ];
    const before = deepClone(object);
    const result = applyPatchShared(object, operations);
    expect(object).toEqual(before);
    const expected = fastJsonPatch.applyPatch(deepClone(object), operations as fastJsonPatch.Operation[], true, true).newDocument;
    expect(result).toEqual(expected);
    expect((result.spec as JsonObject).nested).toBe((object.spec as JsonObject).nested);
  });

  it('is strict like the apiserver: add needs a parent, remove and replace need the path', () => {
    expect(() => applyPatchShared(object, [{ op: 'add', path: '/status/ready', value: true }])).toThrow(/missing "status"/);
    expect(() => applyPatchShared(object, [{ op: 'remove', path: '/spec/absent' }])).toThrow(/no such field/);
    expect(() => applyPatchShared(object, [{ op: 'replace', path: '/spec/list/7', value: 1 }])).toThrow(/no such field/);
    expect(() => applyPatchShared(object, [{ op: 'test', path: '/metadata/name', value: 'b' }])).toThrow(/test failed/);
  });

  it('recognises operations that change nothing', () => {
    expect(isNoOp(object, { op: 'add', path: '/metadata/labels/x~1y', value: '1' })).toBe(true);
    expect(isNoOp(object, { op: 'replace', path: '/spec/nested', value: { keep: { deep: true } } })).toBe(true);
    expect(isNoOp(object, { op: 'add', path: '/spec/list/0', value: 1 })).toBe(false);
    expect(isNoOp(object, { op: 'add', path: '/metadata/labels/new', value: '1' })).toBe(false);
  });
});
