import {Environment, Optional} from '@marcbachmann/cel-js'
import {Duration} from '@marcbachmann/cel-js/evaluator'
class A { constructor(o){Object.assign(this,o)} }
const env = new Environment({enableOptionalTypes:true})
env.registerType({name:'k8s.A', ctor: A, fields:{x:'int', s:'string', l:'list<int>'}})
env.registerOperator('k8s.A == k8s.A', (a,b)=> a.x===b.x)
env.registerVariable('self','k8s.A')
env.registerVariable('old','optional<k8s.A>')
env.registerVariable('ls','list<k8s.A>')
env.registerVariable('d','google.protobuf.Duration')
env.registerFunction('string.myMatches(string): bool', (s, p) => s.includes(p))
const t = (e, ctx) => { try { const p = env.parse(e); const c = p.check(); if(!c.valid) return 'CHECK: '+c.error.message; return p(ctx) } catch (e) { return 'ERR: ' + e.message.split('\n')[0] } }
const ctx = {self: new A({x: 1n, l:[1n]}), old: Optional.of(new A({x: 1n})), ls:[new A({x:1n})], d: new Duration(5n, 0)}
for (const e of ['self == self', 'self != self', 'self == old.value()', 'self in ls', 'ls == ls', 'ls == [self]', 'self.s', 'has(self.s)', 'old.value().x', 'dyn(self) == dyn(self)', 'self.l == [1]', 'd > duration("1s")', 'string(d)', 'type(self) == k8s.A', 'self.x.myMatches("a")', '"a".myMatches("a")', 'self.?s.orValue("z")', '{"a": 1}.a', 'old.?x', 'optional.none()', "1 / 0", "9223372036854775807 + 1", '-9223372036854775808 / -1', 'int(1e19)', '[1,2].exists(x, x/0 == 1)', 'timestamp("2024-01-01T00:00:00Z") + duration("1h")', '{"a":1} == {"a": 1}', 'dyn([1]) == dyn([1.0])'])
  console.log(e, '=>', t(e, ctx))
