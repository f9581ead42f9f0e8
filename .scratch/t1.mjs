import {Environment, Optional} from '@marcbachmann/cel-js'
const env = new Environment({enableOptionalTypes:true})
env.registerType({name:'Spec', schema:{replicas:'int', name:'string', tags:'list<string>', labels:'map<string,string>', inner:{x:'int'}}})
env.registerVariable('self','Spec')
env.registerVariable('o','optional<Spec>')
const t = (e, ctx) => { try { const p = env.parse(e); const c = p.check(); if(!c.valid) return 'CHECK: '+c.error.message; return p(ctx) } catch (e) { return 'ERR: ' + e.message } }
const ctx = {self: {replicas: 3n, tags:['a'], labels:{a:'b'}, inner:{x:1n}}, o: Optional.of({replicas: 1n})}
for (const e of ['self.replicas + 1', 'self.name', 'has(self.name)', 'self.replicaz', 'self.tags.all(t, t.size() > 0)', 'self.inner.x', 'self == self', 'self.labels.a', "self.replicas.matches('a')", 'o.value().replicas', 'o.hasValue()', '"abc".matches("(?i)A")', 'self.?name.orValue("x")', '[].all(x, x > 0)', 'type(self)', 'self.tags + ["b"]', 'dyn(self).replicas', 'int(1e19)'])
  console.log(e, '=>', t(e, ctx))
console.log(Object.keys(env), env.getDefinitions().functions.length)
