import type { Environment } from '@marcbachmann/cel-js';

/** IpAddress is an IPv4 (4 bytes) or IPv6 (16 bytes) address, as Kubernetes' ip() accepts it. */
export class IpAddress {
  constructor(readonly bytes: Uint8Array) {}
  get family(): 4 | 6 {
    return this.bytes.length === 4 ? 4 : 6;
  }
  equals(other: unknown): boolean {
    return other instanceof IpAddress && Buffer.compare(this.bytes, other.bytes) === 0;
  }
  toString(): string {
    if (this.family === 4) return [...this.bytes].join('.');
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((this.bytes[i] as number) << 8) | (this.bytes[i + 1] as number));
    // Longest run of zero groups (length >= 2) becomes "::", as Go prints.
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8; ) {
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen) [best, bestLen] = [i, j - i];
      i = j === i ? i + 1 : j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best < 0) return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  }
}

/** Cidr is a prefix: an address and a prefix length. */
export class Cidr {
  constructor(readonly ip: IpAddress, readonly prefix: number) {}
  equals(other: unknown): boolean {
    return other instanceof Cidr && other.prefix === this.prefix && this.ip.equals(other.ip);
  }
  masked(): Cidr {
    const bytes = Uint8Array.from(this.ip.bytes);
    for (let bit = this.prefix; bit < bytes.length * 8; bit++) bytes[bit >> 3] = (bytes[bit >> 3] as number) & ~(0x80 >> (bit & 7));
    return new Cidr(new IpAddress(bytes), this.prefix);
  }
  contains(ip: IpAddress): boolean {
    if (ip.family !== this.ip.family) return false;
    for (let bit = 0; bit < this.prefix; bit++) {
      const mask = 0x80 >> (bit & 7);
      if (((ip.bytes[bit >> 3] as number) & mask) !== ((this.ip.bytes[bit >> 3] as number) & mask)) return false;
    }
    return true;
  }
  toString(): string {
    return `${this.ip.toString()}/${this.prefix}`;
  }
}

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function parseV6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  const [head = '', tail] = text.split('::') as [string, string | undefined];
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (!v4) return undefined;
        out.push((v4[0] as number) * 256 + (v4[1] as number), (v4[2] as number) * 256 + (v4[3] as number));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  if (!h || !t) return undefined;
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...h, ...new Array<number>(tail === undefined ? 0 : missing).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** parseIp parses an address as Kubernetes does (no zones, no IPv4-mapped IPv6, no leading zeros). */
export function parseIp(text: string): IpAddress | string {
  if (text.includes('%')) return 'IP address with zone value is not allowed';
  const v4 = parseV4(text);
  if (v4) return new IpAddress(Uint8Array.from(v4));
  const v6 = parseV6(text);
  if (!v6) return `IP Address "${text}" parse error during conversion from string: ParseAddr("${text}"): unable to parse IP`;
  if (v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff) return 'IPv4-mapped IPv6 address is not allowed';
  return new IpAddress(Uint8Array.from(v6));
}

/** parseCidr parses a prefix ("10.0.0.0/8"). */
export function parseCidr(text: string): Cidr | string {
  const slash = text.indexOf('/');
  const bad = `network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("${text}"): bad prefix`;
  if (slash < 0) return bad;
  const ip = parseIp(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  if (typeof ip === 'string') return ip;
  if (!/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > ip.bytes.length * 8) return bad;
  return new Cidr(ip, Number(bits));
}

function must<T>(value: T | string): T {
  if (typeof value === 'string') throw new Error(value);
  return value;
}

const isIn = (ip: IpAddress, first: number, mask: number, at = 0): boolean => ((ip.bytes[at] as number) & mask) === first;

class IpNamespace {}

/** registerIpCidr adds Kubernetes' IP and CIDR libraries (1.30). */
export function registerIpCidr(env: Environment): void {
  const IP = 'net.IP';
  const CIDR = 'net.CIDR';
  env.registerType(IP, IpAddress);
  env.registerType(CIDR, Cidr);
  env.registerOperator(`${IP} == ${IP}`, (a: IpAddress, b: IpAddress) => a.equals(b));
  env.registerOperator(`${CIDR} == ${CIDR}`, (a: Cidr, b: Cidr) => a.equals(b));
  env.registerFunction(`ip(string): ${IP}`, (s: string) => must(parseIp(s)));
  env.registerFunction('isIP(string): bool', (s: string) => typeof parseIp(s) !== 'string');
  env.registerFunction(`string(${IP}): string`, (ip: IpAddress) => ip.toString());
  env.registerFunction(`${IP}.family(): int`, (ip: IpAddress) => BigInt(ip.family));
  const v6 = (ip: IpAddress): boolean => ip.family === 6;
  env.registerFunction(`${IP}.isUnspecified(): bool`, (ip: IpAddress) => ip.bytes.every((b) => b === 0));
  env.registerFunction(`${IP}.isLoopback(): bool`, (ip: IpAddress) => (v6(ip) ? ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1 : ip.bytes[0] === 127));
  env.registerFunction(`${IP}.isLinkLocalMulticast(): bool`, (ip: IpAddress) =>
    v6(ip) ? ip.bytes[0] === 0xff && ((ip.bytes[1] as number) & 0x0f) === 0x02 : ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0);
  env.registerFunction(`${IP}.isLinkLocalUnicast(): bool`, (ip: IpAddress) =>
    v6(ip) ? ip.bytes[0] === 0xfe && isIn(ip, 0x80, 0xc0, 1) : ip.bytes[0] === 169 && ip.bytes[1] === 254);
  env.registerFunction(`${IP}.isGlobalUnicast(): bool`, (ip: IpAddress) => {
    if (ip.bytes.every((b) => b === 0)) return false;
    if (v6(ip)) return !(ip.bytes[0] === 0xff || (ip.bytes[0] === 0xfe && isIn(ip, 0x80, 0xc0, 1)) || (ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1));
    return !(ip.bytes[0] === 127 || (ip.bytes[0] as number) >= 224 || (ip.bytes[0] === 169 && ip.bytes[1] === 254) || ip.bytes.every((b) => b === 255));
  });
  env.registerType('IpNamespace', IpNamespace);
  env.registerConstant('ip', 'IpNamespace', new IpNamespace());
  env.registerFunction('IpNamespace.isCanonical(string): bool', (_ns: unknown, s: string) => {
    const ip = must(parseIp(s));
    return ip.toString() === s;
  });
  env.registerFunction(`cidr(string): ${CIDR}`, (s: string) => must(parseCidr(s)));
  env.registerFunction('isCIDR(string): bool', (s: string) => typeof parseCidr(s) !== 'string');
  env.registerFunction(`string(${CIDR}): string`, (c: Cidr) => c.toString());
  env.registerFunction(`${CIDR}.containsIP(${IP}): bool`, (c: Cidr, ip: IpAddress) => c.contains(ip));
  env.registerFunction(`${CIDR}.containsIP(string): bool`, (c: Cidr, s: string) => c.contains(must(parseIp(s))));
  env.registerFunction(`${CIDR}.containsCIDR(${CIDR}): bool`, (c: Cidr, o: Cidr) => o.prefix >= c.prefix && c.contains(o.ip));
  env.registerFunction(`${CIDR}.containsCIDR(string): bool`, (c: Cidr, s: string) => {
    const o = must(parseCidr(s));
    return o.prefix >= c.prefix && c.contains(o.ip);
  });
  env.registerFunction(`${CIDR}.ip(): ${IP}`, (c: Cidr) => c.ip);
  env.registerFunction(`${CIDR}.masked(): ${CIDR}`, (c: Cidr) => c.masked());
  env.registerFunction(`${CIDR}.prefixLength(): int`, (c: Cidr) => BigInt(c.prefix));
}
