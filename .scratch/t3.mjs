import {Environment} from '@marcbachmann/cel-js'
const env = new Environment({enableOptionalTypes:true})
env.registerFunction('string.k8sMatches(string): bool', (s, p) => { return s.includes(p) })
env.registerFunction('k8sMatches(string, string): bool', (s, p) => { return s.includes(p) })
env.registerVariable('self', 'list<string>')
const p = env.parse('self.all(x, x.matches("b")) && matches("abc", "c") && 1.matches("a")')
function walk(n) { if (!n || typeof n !== 'object') return; if (n.op === 'rcall' || n.op === 'call') { if (n.args[0] === 'matches') n.args[0] = 'k8sMatches' }
  if (Array.isArray(n.args)) n.args.forEach(a => Array.isArray(a) ? a.forEach(walk) : walk(a)); if (n.meta?.alternate) walk(n.meta.alternate);
  if (n.op === 'comprehension') { walk(n.args.iterable); walk(n.args.step); walk(n.args.init) } }
walk(p.ast)
console.log(p.check())
const p2 = env.parse('self.all(x, x.matches("b")) && matches("abc", "c")'); walk(p2.ast); console.log(p2.check().valid, p2({self: ['ab']}), p2({self:['a']}))
let t = Date.now(); for (let i = 0; i < 200; i++) env.clone(); console.log('clone ms', (Date.now()-t)/200)
