import { schemaTypes } from '../dist/cel/schema-types.js';
import { compileCel } from '../dist/cel/environment.js';
const o = (props) => ({ type: 'object', properties: props });
const schema = o({ spec: o({ '__x': o({ a: { type: 'string' } }), 'in': o({ b: { type: 'string' } }), 'a-b': o({ c: { type: 'integer' } }), '_y': o({}), 'x.y': { type: 'array', items: o({ z: { type: 'string' } }) } }) });
try {
  const types = schemaTypes(schema, 'My2Kind');
  const t = types.typeOf(schema);
  const p = compileCel("self.spec.__underscores__x.a == 'q' && self.spec.__in__.b == 'r' && self.spec.a__dash__b.c == 1 && self.spec.x__dot__y.all(i, i.z == 'z')", [{ name: 'self', type: t.typeName }], { environment: types.environment });
  console.log(p.evaluate({ self: t.convert({ spec: { '__x': { a: 'q' }, in: { b: 'r' }, 'a-b': { c: 1 }, 'x.y': [{ z: 'z' }] } }) }));
} catch (e) { console.log('ERR', e) }
