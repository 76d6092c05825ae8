/* eslint-disable no-bitwise */ // addresses are bit strings: masks and shifts are the arithmetic of CIDR
import { isIPv4, isIPv6 } from 'net';

// IP ranges as the API server validates a NetworkPolicy's ipBlock
// (k8s.io/apimachinery/pkg/util/validation IsValidCIDR, and the networking validation
// that each `except` is a strict subset of `cidr`): canonical text (no leading zeros,
// no bits set past the prefix, which strict validation refuses) and IPv4 or IPv6.

/** A parsed IP range. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The network address as a number of 32 or 128 bits. */
  readonly network: bigint;
  readonly prefix: number;
}

const V4_OCTET = /^(0|[1-9]\d{0,2})$/;

/** Parses `text` as a CIDR, or says why it is not one. */
export function parseCidr(text: string): Cidr | string {
  const slash = text.indexOf('/');
  if (slash < 0) return 'it has no prefix length ("/16")';
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return 'its prefix length is not a number';
  const prefix = Number(prefixText);
  let family: 4 | 6;
  let value: bigint;
  if (isIPv4(address) && address.split('.').every(o => V4_OCTET.test(o))) {
    family = 4;
    value = address.split('.').reduce((n, o) => (n << 8n) + BigInt(o), 0n);
  } else if (isIPv6(address) && !address.includes('.')) {
    family = 6;
    value = ipv6Value(address);
  } else {
    return 'its address is not an IPv4 or IPv6 address (IPv4 octets without leading zeros, IPv6 in hex)';
  }
  const bits = family === 4 ? 32 : 128;
  if (prefix > bits) return `its prefix length is longer than ${bits}`;
  const hostBits = BigInt(bits - prefix);
  if ((value & ((1n << hostBits) - 1n)) !== 0n) return 'it has address bits set past its prefix length (write the network address)';
  return { family, network: value, prefix };
}

function ipv6Value(address: string): bigint {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** Whether `inner` is a strict subset of `outer` (same family, longer prefix, inside it). */
export function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const bits = inner.family === 4 ? 32 : 128;
  return (inner.network >> BigInt(bits - outer.prefix)) === (outer.network >> BigInt(bits - outer.prefix));
}
