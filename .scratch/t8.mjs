import { compileCel } from '../dist/cel/environment.js';
for (const e of ["'%s has %d replicas (%.1f%%)'.format(['web', 3, 42.25])", "sets.contains([1.0], [1])", "format.dns1123Label().validate('bx') == optional.none()", "'%d'.format([dyn(3)])"]) { try { const r = compileCel(e, []).evaluate({}); console.log(e, r) } catch (err) { console.log(e, 'COMPILE', err.message) } }
