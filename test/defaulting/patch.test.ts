import { describe, expect, it } from 'vitest';
import { escapePointerSegment, jsonPointer, unknownFieldPath } from '../../src/defaulting/patch.js';

describe('patch paths', () => {
  it('escapes "~" before "/" as RFC 6901 requires', () => {
    expect(escapePointerSegment('a/b')).toBe('a~1b');
    expect(escapePointerSegment('c~d')).toBe('c~0d');
    expect(escapePointerSegment('~1')).toBe('~01');
    expect(escapePointerSegment('~/')).toBe('~0~1');
    expect(escapePointerSegment('plain.key')).toBe('plain.key');
  });

  it('renders pointers with indexes and escaped keys', () => {
    expect(jsonPointer(['spec', 'labels', 'app.kubernetes.io/name'])).toBe('/spec/labels/app.kubernetes.io~1name');
    expect(jsonPointer(['spec', 'containers', 0, 'ports', 1])).toBe('/spec/containers/0/ports/1');
    expect(jsonPointer([])).toBe('');
    expect(jsonPointer([''])).toBe('/');
  });

  it('renders unknown-field paths as the apiserver does, unescaped', () => {
    expect(unknownFieldPath(['spec', 'containers', 0, 'x/y'])).toBe('spec.containers[0].x/y');
    expect(unknownFieldPath(['extra'])).toBe('extra');
  });
});
