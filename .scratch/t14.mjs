import { schemaTypes } from '../dist/cel/schema-types.js';
import { compileCel } from '../dist/cel/environment.js';
const str = { type: 'string' }, int = { type: 'integer' };
const schema = { type: 'object', properties: { spec: { type: 'object', properties: {
  listeners: { type: 'array', items: { type: 'object', properties: { name: str, port: int, protocol: str, hostname: str, tls: { type: 'object', properties: { mode: str } } } } },
  filters: { type: 'array', items: { type: 'object', properties: { type: str, requestHeaderModifier: { type: 'object', properties: { set: { type: 'array', items: { type: 'object', properties: { name: str, value: str } } } } } } } },
  path: { type: 'object', properties: { type: str, value: str } },
  rules: { type: 'array', items: { type: 'object', properties: { matches: { type: 'array', items: { type: 'object' } } } } },
  expireAfter: str, nodes: str, weight: int, gatewayClassName: str,
  requirements: { type: 'array', items: { type: 'object', properties: { key: str, operator: str, values: { type: 'array', items: str }, minValues: int } } },
  port: { 'x-kubernetes-int-or-string': true },
} } } };
const types = schemaTypes(schema, 'Thing');
const t = types.typeOf(schema.properties.spec);
const rules = [
  "self.listeners.all(l1, self.listeners.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))",
  "self.filters.all(f, (f.type == 'RequestHeaderModifier' && has(f.requestHeaderModifier)) || (f.type != 'RequestHeaderModifier' && !has(f.requestHeaderModifier)))",
  "self.path.type == 'PathPrefix' ? self.path.value.matches('^(?:[-A-Za-z0-9/._~!$&\\'()*+,;=:@]|[%][0-9a-fA-F]{2})+$') : true",
  "self.filters.filter(f, f.type == 'RequestHeaderModifier').size() <= 1",
  "(self.rules.size() > 0 ? self.rules[0].matches.size() : 0) + (self.rules.size() > 1 ? self.rules[1].matches.size() : 0) <= 128",
  "!has(self.weight) || self.weight <= 1000000",
  "self.listeners.exists(l, l.protocol == 'HTTPS' && has(l.tls) && has(l.tls.mode) && l.tls.mode == 'Passthrough')",
  "self.expireAfter == 'Never' || duration(self.expireAfter) > duration('0s')",
  "self.nodes.endsWith('%') ? int(self.nodes.substring(0, self.nodes.size() - 1)) <= 100 : int(self.nodes) >= 0",
  "self.requirements.all(x, x.operator in ['In', 'NotIn'] ? x.values.size() != 0 : true)",
  "self.requirements.all(x, !has(x.minValues) || (x.operator == 'In' && x.values.size() >= x.minValues))",
  "self.requirements.all(x, x.key != 'kubernetes.io/hostname' && !x.key.startsWith('karpenter.sh/'))",
  "type(self.port) == int ? self.port > 0 : self.port.matches('^[a-z]+$')",
  "size(self.listeners) <= 64 && self.listeners.map(l, l.name).all(n, n.size() < 10)",
  "self.listeners.all(l, !has(l.hostname) || !l.hostname.contains('*') || l.hostname.startsWith('*.'))",
  "!has(self.gatewayClassName) || self.gatewayClassName.size() <= 253",
  "self.listeners.map(l, l.port).isSorted() || true",
  "self.requirements.exists(r, r.key == 'x') ? self.requirements.filter(r, r.key == 'x')[0].values.all(v, v.size() > 0) : true",
];
for (const r of rules) {
  try { compileCel(r, [{ name: 'self', type: t.typeName }, { name: 'oldSelf', type: t.typeName }], { environment: types.environment }); console.log('OK  ', r.slice(0, 90)) } catch (e) { console.log('FAIL', r.slice(0, 90), '\n   ', e.message) }
}
