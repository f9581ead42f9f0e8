import { compileCel } from '../dist/cel/environment.js';
const cases = ["quantity('1Gi').asInteger()", "quantity('500m').isLessThan(quantity('1'))", "quantity('1.5').isInteger()", "quantity('1k') == quantity('1000')", "isQuantity('1.2.3')", "quantity('1Ki').add(24).asInteger()", "quantity('x')",
 "url('https://example.com:8443/a/b?x=1&x=2').getQuery()", "url('https://example.com:8443/a').getPort()", "url('https://[::1]:80/').getHostname()", "isURL('not a url')", "url('/path').getEscapedPath()",
 "ip('10.0.0.1').family()", "ip('::1').isLoopback()", "cidr('10.0.0.0/8').containsIP('10.1.2.3')", "cidr('10.0.0.1/8').masked() == cidr('10.0.0.0/8')", "string(ip('2001:db8:0:0:0:0:0:1'))", "ip.isCanonical('2001:db8::1')", "isIP('::ffff:1.2.3.4')", "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')", "isIP('01.2.3.4')",
 "semver('1.2.3').isLessThan(semver('1.10.0'))", "semver('v1.2', true).minor()", "isSemver('1.2')", "semver('1.0.0-alpha').compareTo(semver('1.0.0'))"];
for (const e of cases) { try { const p = compileCel(e, []); const r = p.evaluate({}); console.log(e, '=>', r.ok ? r.value : r.error) } catch (err) { console.log(e, 'COMPILE', err.message) } }
