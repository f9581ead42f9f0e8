import { describe, expect, it } from 'vitest';
import { compileCel } from '../../src/cel/environment.js';

// In the style of Kubernetes' TestValidationExpressions: rules that must hold,
// and rules that must fail with an error containing the given text.
function check(expression: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const result = compileCel(expression, []).evaluate({});
    return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function table(name: string, valid: readonly string[], errors: Readonly<Record<string, string>>): void {
  describe(name, () => {
    it.each(valid)('%s', (expression) => {
      expect(check(expression)).toEqual({ ok: true, value: true });
    });
    it.each(Object.entries(errors))('%s fails with %s', (expression, text) => {
      const result = check(expression);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(text);
    });
  });
}

table(
  'strings',
  [
    "'hello'.charAt(1) == 'e'",
    "'hello'.charAt(5) == ''",
    "'hello'.indexOf('l') == 2",
    "'hello'.lastIndexOf('l') == 3",
    "'HeLLo'.lowerAscii() == 'hello'",
    "'hello'.upperAscii() == 'HELLO'",
    "'a-b-c'.replace('-', '+') == 'a+b+c'",
    "'a-b-c'.replace('-', '+', 1) == 'a+b-c'",
    "'a,b,c'.split(',') == ['a', 'b', 'c']",
    "'hello'.substring(1, 3) == 'el'",
    "'  x '.trim() == 'x'",
    "['a', 'b'].join('-') == 'a-b'",
    "'%s has %d replicas (%.2f%%)'.format([dyn('web'), dyn(3), dyn(42.25)]) == 'web has 3 replicas (42.25%)'",
    "'%x %o %b'.format([255, 8, 5]) == 'ff 10 101'",
    "strings.quote('a\"b\\n') == '\"a\\\\\"b\\\\n\"'",
  ],
  { "'hello'.charAt(6)": 'index out of range', "'%d'.format(['x'])": 'integers', "'hello'.charAt('a')": 'no matching overload' },
);

table(
  'lists',
  ['[1, 2, 3].isSorted()', '![2, 1].isSorted()', "['a', 'b'].isSorted()", '[1, 2, 3].sum() == 6', '[1.5, 2.5].sum() == 4.0', '[].sum() == 0',
    '[3, 1, 2].min() == 1', '[3, 1, 2].max() == 3', '[1, 2, 1].indexOf(1) == 0', '[1, 2, 1].lastIndexOf(1) == 2', '[1, 2].indexOf(5) == -1'],
  { '[].min() == 1': 'min called on empty list', '[9223372036854775807, 1].sum() > 0': 'integer overflow' },
);

table(
  'ext lists (cel-go, Kubernetes 1.34)',
  ['lists.range(3) == [0, 1, 2]', '[1, 2, 3, 4].slice(1, 3) == [2, 3]', '[[1, 2], [3]].flatten() == [1, 2, 3]', '[1, 2, 1, 3].distinct() == [1, 2, 3]',
    '[1, 2, 3].reverse() == [3, 2, 1]', '[3, 1, 2].sort() == [1, 2, 3]', "['bb', 'a', 'ccc'].sortBy(s, s.size()) == ['a', 'bb', 'ccc']"],
  { '[1, 2].slice(2, 1)': 'start index must be less than or equal to end index', '[1, 2].slice(0, 3)': 'list is length 2', '[[1]].flatten(-1)': 'level must be non-negative' },
);

table(
  'sets',
  ['sets.contains([1, 2, 3], [3, 1])', '!sets.contains([1], [2])', 'sets.equivalent([1, 2], [2, 1, 1])', 'sets.intersects([1, 2], [2, 3])', '!sets.intersects([1], [2])'],
  { "sets.contains([1], ['a'])": 'no matching overload' },
);

table(
  'regex (RE2)',
  ["'abc123'.matches('^[a-z]+[0-9]+$')", "'ABC'.matches('(?i)abc')", "matches('abc', 'b')", "'abc123xyz'.find('[0-9]+') == '123'", "'abc'.find('[0-9]+') == ''",
    "'a1b2c3'.findAll('[0-9]') == ['1', '2', '3']", "'a1b2c3'.findAll('[0-9]', 2) == ['1', '2']"],
  { "'a'.matches('(?=a)')": 'invalid regular expression', "'a'.find('(')": 'invalid regular expression', "'a'.matches('\\\\1')": 'invalid regular expression' },
);

table(
  'url',
  ["url('https://user@example.com:8443/a/b?x=1&x=2&y').getScheme() == 'https'", "url('https://example.com:8443/a').getHost() == 'example.com:8443'",
    "url('https://example.com:8443/a').getHostname() == 'example.com'", "url('https://example.com:8443/a').getPort() == '8443'", "url('https://[::1]:80/').getHostname() == '::1'",
    "url('https://example.com/a%20b').getEscapedPath() == '/a%20b'", "url('https://e.com/?x=1&x=2&y').getQuery() == {'x': ['1', '2'], 'y': ['']}", "url('/path').getScheme() == ''",
    "isURL('https://example.com')", "!isURL('example.com')", "!isURL('not a url')"],
  { "url('example.com')": 'URL parse error' },
);

table(
  'quantity',
  ["quantity('1Gi').asInteger() == 1073741824", "quantity('500m').isLessThan(quantity('1'))", "quantity('1k') == quantity('1000')", "quantity('1.5').isInteger() == false",
    "quantity('2e3').asInteger() == 2000", "quantity('-1').sign() == -1", "quantity('1Ki').add(24).asInteger() == 1048", "quantity('1Ki').sub(quantity('24')).asInteger() == 1000",
    "quantity('1M').compareTo(quantity('1Mi')) == -1", "quantity('1.5').asApproximateFloat() == 1.5", "isQuantity('100Mi')", "!isQuantity('1.2.3')", "!isQuantity('Mi')",
    "quantity('1Gi').isGreaterThan(quantity('1G'))"],
  { "quantity('x')": 'quantities must match the regular expression', "quantity('0.5').asInteger() == 0": 'cannot convert value to integer', "quantity('100Ei').asInteger() > 0": 'cannot convert value to integer' },
);

table(
  'ip and cidr',
  ["ip('10.0.0.1').family() == 4", "ip('::1').family() == 6", "ip('::1').isLoopback()", "ip('127.0.0.1').isLoopback()", "ip('0.0.0.0').isUnspecified()",
    "ip('169.254.1.1').isLinkLocalUnicast()", "ip('fe80::1').isLinkLocalUnicast()", "ip('224.0.0.1').isLinkLocalMulticast()", "ip('8.8.8.8').isGlobalUnicast()",
    "string(ip('2001:db8:0:0:0:0:0:1')) == '2001:db8::1'", "ip.isCanonical('2001:db8::1')", "!ip.isCanonical('2001:DB8::1')", "isIP('1.2.3.4')", "!isIP('01.2.3.4')",
    "!isIP('::ffff:1.2.3.4')", "!isIP('fe80::1%eth0')", "ip('10.0.0.1') == ip('10.0.0.1')",
    "cidr('10.0.0.0/8').containsIP('10.1.2.3')", "cidr('10.0.0.0/8').containsIP(ip('10.1.2.3'))", "!cidr('10.0.0.0/8').containsIP('11.0.0.1')",
    "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')", "!cidr('10.0.0.0/16').containsCIDR('10.0.0.0/8')", "cidr('10.0.0.1/8').masked() == cidr('10.0.0.0/8')",
    "cidr('10.0.0.1/8').ip() == ip('10.0.0.1')", "cidr('fd00::/64').prefixLength() == 64", "string(cidr('10.0.0.0/8')) == '10.0.0.0/8'", "isCIDR('10.0.0.0/8')", "!isCIDR('10.0.0.0/33')"],
  { "ip('1.2.3')": 'parse error', "cidr('10.0.0.0')": 'bad prefix', "ip('::ffff:1.2.3.4')": 'IPv4-mapped IPv6 address is not allowed' },
);

table(
  'format',
  ["!format.dns1123Label().validate('my-name').hasValue()", "format.dns1123Label().validate('My_Name').value()[0].startsWith('a lowercase RFC 1123 label must consist of')",
    "format.named('dns1123Subdomain').hasValue()", "!format.named('nope').hasValue()",
    "!format.dns1123Subdomain().validate('example.com').hasValue()", "format.dns1035Label().validate('1abc').hasValue()", "!format.qualifiedName().validate('example.com/MyName').hasValue()",
    "format.qualifiedName().validate('/x').value() == ['prefix part must be non-empty']", "!format.labelValue().validate('').hasValue()", "!format.dns1123LabelPrefix().validate('abc-').hasValue()",
    "!format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()", "!format.date().validate('2024-02-29').hasValue()", "format.date().validate('2023-02-29').hasValue()",
    "!format.datetime().validate('2024-01-01T00:00:00Z').hasValue()", "!format.byte().validate('aGk=').hasValue()", "!format.uri().validate('https://x.io/a').hasValue()"],
  { 'format.nope()': 'nope' },
);

table(
  'semver',
  ["semver('1.2.3').major() == 1", "semver('1.2.3').minor() == 2", "semver('1.2.3').patch() == 3", "semver('1.2.3').isLessThan(semver('1.10.0'))",
    "semver('2.0.0').isGreaterThan(semver('1.99.99'))", "semver('1.0.0-alpha').compareTo(semver('1.0.0')) == -1", "semver('1.0.0-alpha.1').isLessThan(semver('1.0.0-alpha.beta'))",
    "semver('v1.2', true) == semver('1.2.0')", "isSemver('1.2.3-rc.1+build.5')", "!isSemver('1.2')", "isSemver('v01.2', true)"],
  { "semver('1.2')": 'Semver parse error during conversion from string: No Major.Minor.Patch elements found', "semver('01.2.3')": 'Leading zeroes are not allowed' },
);

const DIGEST = 'sha256:' + 'a'.repeat(64);
table(
  'image',
  ["image('nginx').registry() == 'index.docker.io'", "image('nginx').repository() == 'library/nginx'", "image('nginx').tag() == 'latest'",
    "image('registry.example.com:5000/team/app:1.2').registry() == 'registry.example.com:5000'", "image('registry.example.com:5000/team/app:1.2').repository() == 'team/app'",
    "image('registry.example.com:5000/team/app:1.2').identifier() == '1.2'", `image('ghcr.io/a/b@${DIGEST}').containsDigest()`, `image('ghcr.io/a/b@${DIGEST}').digest() == '${DIGEST}'`,
    `image('ghcr.io/a/b@${DIGEST}').identifier() == '${DIGEST}'`, "!image('a/b:c').containsDigest()", "isImage('docker.io/library/nginx:1.25')", "!isImage('UPPER/case')", "!isImage('a:b:c')"],
  { "image('Not Valid')": 'could not parse reference' },
);

table(
  'two-variable comprehensions',
  ['[10, 20].all(i, v, v > i)', "{'a': 1, 'b': 2}.exists(k, v, k == 'b' && v == 2)", '[1, 2, 3].existsOne(i, v, v == 2)', '[1, 2].transformList(i, v, v * 2) == [2, 4]',
    '[1, 2, 3].transformList(i, v, v > 1, v) == [2, 3]', "{'a': 1}.transformMap(k, v, v + 1) == {'a': 2}", "[1, 2].transformMapEntry(i, v, {string(v): i}) == {'1': 0, '2': 1}",
    "{'a': 1, 'b': 5}.transformMap(k, v, v > 2, k) == {'b': 'b'}"],
  { '[1, 2].transformMapEntry(i, v, {1: i})': 'already exists', '[1].all(i, 1, true)': 'simple identifiers' },
);

table(
  'core CEL as Kubernetes configures it',
  ['optional.of(1).hasValue()', "optional.none().orValue('x') == 'x'", '!optional.ofNonZeroValue(0).hasValue()', "{'a': 1}.?a.orValue(0) == 1", "{'a': 1}.?b.orValue(0) == 0",
    "string(duration('90s')) == '90s'", "string(timestamp('2024-01-01T00:00:00Z')) == '2024-01-01T00:00:00Z'", "int(timestamp('1970-01-01T00:01:00Z')) == 60",
    "timestamp('2024-01-01T00:00:00Z') + duration('1h') == timestamp('2024-01-01T01:00:00Z')", '7 / 2 == 3', 'dyn(1) == 1.0', "cel.bind(x, 2, x * x) == 4"],
  { '9223372036854775807 + 1 > 0': 'overflow', '-9223372036854775808 / -1 > 0': 'integer overflow', 'int(1e19) > 0': 'integer overflow', '1 / 0 > 0': 'division by zero',
    "[1, 'a']": 'List elements must have the same type',
    "{'a': 1, 'a': 2}.size() == 1": 'Failed with repeated key', 'unknownFunction(1)': 'unknownFunction' },
);
