import { compileCel } from '../dist/cel/environment.js';
for (const e of ["['ab'].all(i, v, v.matches('^a'))", "cel.bind(x, 'abc', x.matches('(?i)ABC'))", "['a'].exists(x, x.matches('(?i)A'))", "['(?i)a'].all(p, 'A'.matches(p))"]) {
  try { const r = compileCel(e, []).evaluate({}); console.log(e, '=>', r.ok ? r.value : r.error) } catch (err) { console.log(e, 'COMPILE', err.message) } }
