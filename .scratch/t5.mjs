import { compileCel, toCelValue } from '../dist/cel/environment.js';
const cases = [
  ["'hello'.charAt(1)", {}], ["'hello'.replace('l','L')", {}], ["'hello'.replace('l','L', 1)", {}], ["'%s is %d, %.2f'.format(['a', 1, 3.14159])", {}],
  ["strings.quote('a\"b')", {}], ["[1,2,3].isSorted()", {}], ["[3,1,2].sum()", {}], ["[3,1,2].min()", {}], ["['b','a'].max()", {}], ["[1,2,1].lastIndexOf(1)", {}],
  ["sets.contains([1,2,3], [2])", {}], ["sets.equivalent([1,2], [2,1,1])", {}], ["sets.intersects([1], [2])", {}],
  ["'abc123'.find('[0-9]+')", {}], ["'a1b2'.findAll('[0-9]')", {}], ["'ABC'.matches('(?i)abc')", {}], ["'a'.matches('(?=a)')", {}],
  ["[1,2,3].all(i, v, v > i)", {}], ["{'a': 1}.exists(k, v, k == 'a' && v == 1)", {}], ["[1,2].transformList(i, v, v * 2)", {}], ["[1,2].transformMap(i, v, v * 2)", {}],
  ["[1,2,3].existsOne(i, v, v == 2)", {}], ["[].sum()", {}], ["[1].min() == 1 && [].min() == 1", {}], ["string(duration('90s'))", {}], ["string(timestamp('2024-01-01T00:00:00Z'))", {}],
  ["'x'.matches(self)", {self: '('}],
];
for (const [e, act] of cases) { try { const p = compileCel(e, [{name:'self', type:'dyn'}]); console.log(e, '=>', p.evaluate(act)) } catch (err) { console.log(e, 'COMPILE', err.message) } }
const big = Array.from({length: 10000}, (_, i) => BigInt(i));
const hostile = compileCel('self.all(a, self.all(b, a + b >= 0))', [{name:'self', type:'list<int>'}]);
let t = performance.now(); console.log(hostile.evaluate({self: big}), performance.now()-t);
const evil = compileCel("self.matches('^(a+)+$')", [{name:'self', type:'string'}]);
t = performance.now(); console.log(evil.evaluate({self: 'a'.repeat(100000)+'!'}), performance.now()-t);
const inl = compileCel('self.all(a, a in self)', [{name:'self', type:'list<int>'}]);
t = performance.now(); console.log(inl.evaluate({self: big}), performance.now()-t);
