import { compileCel } from '../dist/cel/environment.js';
for (const e of ["lists.range(3)", "[1,2,3,4].slice(1,3)", "[[1,2],[3]].flatten()", "[1,[2,[3]]].flatten(2)", "[1,2,1,3].distinct()", "[1,2,3].reverse()", "[3,1,2].sort()", "['bb','a','ccc'].sortBy(s, s.size())", "[1,2].slice(2,1)", "[{'n': 2}, {'n': 1}].sortBy(x, x.n)", "[3,1].sort() == [1,3]"]) {
  try { const r = compileCel(e, []).evaluate({}); console.log(e, '=>', r.ok ? r.value : r.error) } catch (err) { console.log(e, 'COMPILE', err.message) } }
