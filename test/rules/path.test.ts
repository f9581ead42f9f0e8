import { describe, expect, it } from 'vitest';
import { readFieldPath } from '../../src/rules/path.js';

const webapp = {
  metadata: { labels: { 'app.kubernetes.io/name': 'shop', app: 'shop' } },
  spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1' }], config: { 'log.level': 'debug' }, replicas: 0 },
};

describe('readFieldPath', () => {
  it.each([
    ['spec.containers[0].image', 'registry.example.com/web:1'],
    ['spec.containers[0]', { name: 'web', image: 'registry.example.com/web:1' }],
    ['metadata.labels[app.kubernetes.io/name]', 'shop'],
    ['metadata.labels.app', 'shop'],
    ['spec.config["log.level"]', 'debug'],
    ['spec.replicas', 0],
    ['', webapp],
  ])('reads %s', (path, expected) => {
    expect(readFieldPath(webapp, path)).toEqual(expected);
  });

  it.each([['spec.containers[1].image'], ['spec.containers.image'], ['spec.replicas.value'], ['status.phase'], ['spec.containers[name]']])(
    'gives undefined for the absent %s',
    (path) => {
      expect(readFieldPath(webapp, path)).toBeUndefined();
    },
  );

  it('gives undefined when there is no object (DELETE)', () => {
    expect(readFieldPath(null, 'spec.replicas')).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(readFieldPath(webapp, 'spec.constructor')).toBeUndefined();
  });

  it.each([
    ['spec.containers[0', 'unclosed "["'],
    ['spec..image', 'empty field name'],
    ['spec.', 'ends with "."'],
    ['spec["a]', 'bad quoted key'],
  ])('refuses the malformed %s', (path, problem) => {
    expect(() => readFieldPath(webapp, path)).toThrow(problem);
  });
});
