import { compileCel } from '../dist/cel/environment.js';
for (const e of ["[1][5]", "{'a':1}['b']", "1/0", "1%0", "9223372036854775807 + 1", "dyn('a') + 1", "int('x')", "dyn({'a': 1}).b", "duration('x')", "timestamp('x')", "dyn(1).size()", "[1,2].all(x, x/0 > 1)", "-9223372036854775808 - 1", "double('x')", "'abc'.substring(5)", "optional.none().value()"]) {
  try { const r = compileCel(e, []).evaluate({}); console.log(e, '=>', r.ok ? r.value : r.error) } catch (err) { console.log(e, 'COMPILE', err.message) } }
