import { describe, expect, it } from 'vitest';
import { formatCheck, supportedFormat } from '../../src/schema/formats.js';

// [format, valid examples, invalid examples], after strfmt's checkers.
const TABLE: readonly [string, string[], string[]][] = [
  ['date-time', ['2024-05-01T10:00:00Z', '2024-05-01t10:00:00.123+02:00'], ['2024-05-01', '2024-13-01T10:00:00Z', '2024-05-01T25:00:00Z']],
  ['date', ['2024-02-29'], ['2023-02-29', '2024-5-1']],
  ['uuid', ['0b3a8f0e-4a5c-4c2b-9b7d-2f9d1f4a6c11', '0B3A8F0E4A5C4C2B9B7D2F9D1F4A6C11'], ['0b3a8f0e-4a5c-4c2b-9b7d', 'zzzzzzzz-4a5c-4c2b-9b7d-2f9d1f4a6c11']],
  ['uuid4', ['0b3a8f0e-4a5c-4c2b-9b7d-2f9d1f4a6c11'], ['0b3a8f0e-4a5c-3c2b-9b7d-2f9d1f4a6c11']],
  ['ipv4', ['10.0.0.1'], ['1.2.3', '256.0.0.1', '::1']],
  ['ipv6', ['::1', 'fe80::1'], ['10.0.0.1', 'fe80::1%eth0']],
  ['cidr', ['10.0.0.0/8', 'fd00::/64'], ['10.0.0.0', '10.0.0.0/33']],
  ['mac', ['00:1a:2b:3c:4d:5e', '00-1a-2b-3c-4d-5e', '001a.2b3c.4d5e'], ['00:1a:2b:3c:4d']],
  ['hostname', ['example.com', 'web01', 'my-host.example.org'], ['-bad-', 'a..b']],
  ['email', ['ops@example.com'], ['not an email']],
  ['byte', ['aGVsbG8=', ''], ['aGVsbG8', '!!!!']],
  ['duration', ['1h30m', '3 days', '0'], ['soon', '']],
  ['hexcolor', ['#fff', 'a0b1c2'], ['#ffff']],
  ['rgbcolor', ['rgb(0, 128, 255)'], ['rgb(256,0,0)']],
  ['isbn10', ['0306406152'], ['0306406153']],
  ['isbn13', ['9780306406157'], ['9780306406158']],
  ['creditcard', ['4111 1111 1111 1111'], ['4111 1111 1111 1112']],
  ['ssn', ['123-45-6789'], ['123456789a']],
  ['bsonobjectid', ['507f1f77bcf86cd799439011'], ['507f1f77bcf86cd79943901']],
  ['k8s-short-name', ['web-1'], ['Web', 'a.b', 'x'.repeat(64)]],
  ['k8s-long-name', ['web.example.com'], ['Web.example.com', '-a']],
  ['uri', ['https://example.com/a?b=c', '/relative/absolute-path', 'mailto:ops@example.com'], ['example.com', 'http://bad%zz', '']],
  ['password', ['anything at all'], []],
];

describe('Kubernetes string formats', () => {
  it.each(TABLE)('%s', (format, valid, invalid) => {
    const check = formatCheck(format);
    expect(check).toBeDefined();
    for (const value of valid) expect([value, check?.(value)]).toEqual([value, true]);
    for (const value of invalid) expect([value, check?.(value)]).toEqual([value, false]);
  });

  it('keeps only the formats the apiserver keeps for each type, dropping unknown ones', () => {
    expect(supportedFormat('string', 'date-time')).toBe('date-time');
    expect(supportedFormat('string', 'made-up')).toBeUndefined();
    expect(supportedFormat('string', 'UUID')).toBeUndefined();
    expect(supportedFormat('integer', 'int32')).toBe('int32');
    expect(supportedFormat('integer', 'uuid')).toBeUndefined();
    expect(supportedFormat('number', 'double')).toBe('double');
    expect(supportedFormat('object', 'date-time')).toBeUndefined();
  });
});
