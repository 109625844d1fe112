// The rate-limit bucket of a client address, with Web APIs only (src/fetch.ts runs where there is no
// `node:net`). One IPv6 host usually holds a whole /64 (SLAAC, privacy addresses), so keying on the full
// address gave it 2^64 buckets: IPv6 is keyed per /64, and an IPv4-mapped address (::ffff:1.2.3.4, what
// a dual-stack socket reports) as the IPv4 address.

/** A forwarded entry longer than any address is not one (and must not become a huge map key). */
export const MAX_ENTRY = 64;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** Dotted-quad IPv4 as node:net's isIPv4 reads it (no leading zeros, no shorthand). */
export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/** IPv6 as the URL parser reads a bracketed host (it normalises shorthand and refuses anything else). */
export function isIPv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':') || text.length > MAX_ENTRY) return false;
  try {
    return new URL(`http://[${text}]/`).hostname !== '';
  } catch {
    return false;
  }
}

/** [::1] and fe80::1%eth0 as addresses; anything else unchanged. */
export function bare(address: string): string {
  return address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
}

/** The rate-limit bucket of an address: IPv4 as is (mapped IPv6 included), IPv6 by its /64, anything else as is. */
export function rateKey(address: string): string {
  const plain = bare(address);
  if (isIPv4(plain)) return plain;
  const groups = isIPv6(plain) ? ipv6Groups(plain) : undefined;
  if (groups === undefined) return plain.slice(0, MAX_ENTRY);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** A valid IPv6 address (isIPv6 said so) → its eight 16-bit groups. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  // A dotted IPv4 tail (::ffff:1.2.3.4) is two groups.
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}
