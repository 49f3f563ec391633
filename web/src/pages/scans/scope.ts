// The organisation-scope check of docs/api.md "Scans", run in the browser as the user types, mirroring the server's
// target parser (src/scan/engine/target.cpp) and matcher (src/scans/scope.cpp). The server checks again on submit.
//
// - A domain covers itself and every name under it ("*.example.com" reads as "example.com"). Names are matched by
//   their text, never by what they resolve to.
// - A CIDR range covers its addresses; a bare address is a /32 or /128. A range target must lie inside one range.
// - IPv4 and IPv6 never match each other: an IPv4-mapped IPv6 address (::ffff:10.0.0.1) is an IPv6 target.
// - A URL is judged by its host: an address literal by the ranges, a name by the domains.

export type InvalidReason =
  | 'empty'
  | 'control'
  | 'badIpv4'
  | 'badIpv6'
  | 'hostPort'
  | 'badPrefix'
  | 'badAddressBeforeSlash'
  | 'badUrl'
  | 'urlScheme'
  | 'hostName'
  | 'nonAscii';

export interface Address {
  /** 16 bytes; IPv4 is stored IPv4-mapped (::ffff:a.b.c.d), as the server does. */
  bytes: Uint8Array;
  v4: boolean;
}

export type ParsedTarget =
  | { kind: 'address'; address: Address }
  | { kind: 'cidr'; network: Address; prefix: number }
  | { kind: 'name'; name: string }
  | { kind: 'url'; host: string; address: Address | null }
  | { kind: 'invalid'; reason: InvalidReason };

export type ScopeVerdict =
  | { target: string; status: 'invalid'; reason: InvalidReason }
  | { target: string; status: 'in'; by: 'domain' | 'range'; rule: string }
  | { target: string; status: 'out'; kind: 'name' | 'address' | 'range'; mapped: boolean };

export interface CompiledScope {
  domains: string[];
  ranges: Array<{ network: Address; bits: number; v4: boolean; text: string }>;
}

/** Splits the targets box: one per line or comma separated; blanks dropped, exact repeats collapsed. */
export function splitTargets(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\n,]/)) {
    const target = part.trim();
    if (target && !seen.has(target)) {
      seen.add(target);
      out.push(target);
    }
  }
  return out;
}

function isDigits(s: string): boolean {
  return /^[0-9]+$/.test(s);
}

/** Strict dotted quad as inet_pton reads it: four decimal parts 0-255, no leading zeros. */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i += 1) {
    const p = parts[i] ?? '';
    if (!isDigits(p) || p.length > 3 || (p.length > 1 && p.startsWith('0'))) return null;
    const value = Number(p);
    if (value > 255) return null;
    out[i] = value;
  }
  return out;
}

function parseHexGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const g of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    groups.push(parseInt(g, 16));
  }
  return groups;
}

/** RFC 4291 text form (with "::" and a trailing dotted quad), as inet_pton reads it; no zone ids. */
export function parseIpv6(text: string): Uint8Array | null {
  if (!text.includes(':')) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (!v4) return null;
    tail = [((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0)];
    head = text.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::"; "a:b:1.2.3.4" leaves "a:b:" whose trailing colon belongs to the quad.
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const double = head.indexOf('::');
  let groups: number[];
  if (double >= 0) {
    if (head.indexOf('::', double + 1) >= 0) return null;
    const left = parseHexGroups(head.slice(0, double));
    const right = parseHexGroups(head.slice(double + 2));
    if (!left || !right) return null;
    const missing = 8 - left.length - right.length - tail.length;
    if (missing < 1) return null;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right, ...tail];
  } else {
    const all = parseHexGroups(head);
    if (!all) return null;
    groups = [...all, ...tail];
    if (groups.length !== 8) return null;
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

export function parseAddress(text: string): Address | null {
  const v4 = parseIpv4(text);
  if (v4) {
    const bytes = new Uint8Array(16);
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    bytes.set(v4, 12);
    return { bytes, v4: true };
  }
  const v6 = parseIpv6(text);
  return v6 ? { bytes: v6, v4: false } : null;
}

function isV4Mapped(a: Address): boolean {
  if (a.v4) return false;
  for (let i = 0; i < 10; i += 1) if (a.bytes[i] !== 0) return false;
  return a.bytes[10] === 0xff && a.bytes[11] === 0xff;
}

/** RFC 1123 host name check; the reason when it is not one. */
function hostNameProblem(name: string): InvalidReason | null {
  if (/[^\x00-\x7f]/.test(name)) return 'nonAscii';
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  if (!n || n.length > 253) return 'hostName';
  for (const label of n.split('.')) {
    if (!label || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return 'hostName';
    if (!/^[A-Za-z0-9-]+$/.test(label)) return 'hostName';
  }
  return null;
}

function canonicalName(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
}

function parseCidr(text: string, slash: number): ParsedTarget {
  const address = parseAddress(text.slice(0, slash));
  if (!address) return { kind: 'invalid', reason: 'badAddressBeforeSlash' };
  const prefixText = text.slice(slash + 1);
  const max = address.v4 ? 32 : 128;
  if (!isDigits(prefixText) || prefixText.length > 3) return { kind: 'invalid', reason: 'badPrefix' };
  const prefix = Number(prefixText);
  if (prefix > max) return { kind: 'invalid', reason: 'badPrefix' };
  if (prefix === max) return { kind: 'address', address };
  const first = address.v4 ? 96 : 0;
  const network = new Uint8Array(address.bytes);
  for (let bit = first + prefix; bit < 128; bit += 1) {
    network[bit >> 3] = (network[bit >> 3] ?? 0) & ~(0x80 >> (bit % 8));
  }
  return { kind: 'cidr', network: { bytes: network, v4: address.v4 }, prefix };
}

function parseUrl(text: string): ParsedTarget {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^#]*)/.exec(text);
  if (!match) return { kind: 'invalid', reason: 'badUrl' };
  const scheme = (match[1] ?? '').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { kind: 'invalid', reason: 'urlScheme' };
  let authority = match[2] ?? '';
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host: string;
  let port = '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return { kind: 'invalid', reason: 'badUrl' };
    host = authority.slice(1, close);
    const rest = authority.slice(close + 1);
    if (rest && !rest.startsWith(':')) return { kind: 'invalid', reason: 'badUrl' };
    port = rest.slice(1);
    const address = parseIpv6(host);
    if (!address) return { kind: 'invalid', reason: 'badUrl' };
    return { kind: 'url', host: host.toLowerCase(), address: { bytes: address, v4: false } };
  }
  const colon = authority.indexOf(':');
  host = colon >= 0 ? authority.slice(0, colon) : authority;
  port = colon >= 0 ? authority.slice(colon + 1) : '';
  if (port && (!isDigits(port) || port.length > 5 || Number(port) < 1 || Number(port) > 65535)) {
    return { kind: 'invalid', reason: 'badUrl' };
  }
  if (!host) return { kind: 'invalid', reason: 'badUrl' };
  if (/^[0-9.]+$/.test(host)) {
    const address = parseAddress(host);
    return address ? { kind: 'url', host, address } : { kind: 'invalid', reason: 'badIpv4' };
  }
  const problem = hostNameProblem(host);
  if (problem) return { kind: 'invalid', reason: problem };
  return { kind: 'url', host: canonicalName(host), address: null };
}

/** One target as the server parses it: URL, CIDR range, address literal or host name. */
export function parseTarget(text: string): ParsedTarget {
  if (!text) return { kind: 'invalid', reason: 'empty' };
  if (/[\x00-\x1f\x7f]/.test(text)) return { kind: 'invalid', reason: 'control' };
  if (text.includes('://')) return parseUrl(text);
  const slash = text.indexOf('/');
  if (slash >= 0) return parseCidr(text, slash);
  const address = parseAddress(text);
  if (address) return { kind: 'address', address };
  if (/^[0-9.]+$/.test(text)) return { kind: 'invalid', reason: 'badIpv4' };
  const colon = text.lastIndexOf(':');
  if (colon >= 0) {
    const onlyOne = text.indexOf(':') === colon;
    return { kind: 'invalid', reason: onlyOne && isDigits(text.slice(colon + 1)) ? 'hostPort' : 'badIpv6' };
  }
  const problem = hostNameProblem(text);
  if (problem) return { kind: 'invalid', reason: problem };
  return { kind: 'name', name: canonicalName(text) };
}

/** The scope as the matcher uses it; entries that do not parse are left out (the server never stores them). */
export function compileScope(scope: { domains?: string[]; cidrs?: string[] }): CompiledScope {
  const domains: string[] = [];
  for (const raw of scope.domains ?? []) {
    let d = raw.trim().toLowerCase();
    if (d.startsWith('*.')) d = d.slice(2);
    if (d.endsWith('.')) d = d.slice(0, -1);
    if (d) domains.push(d);
  }
  const ranges: CompiledScope['ranges'] = [];
  for (const raw of scope.cidrs ?? []) {
    const text = raw.trim();
    const parsed = parseTarget(text);
    if (parsed.kind === 'address') {
      ranges.push({ network: parsed.address, bits: 128, v4: parsed.address.v4, text });
    } else if (parsed.kind === 'cidr') {
      const bits = parsed.network.v4 ? 96 + parsed.prefix : parsed.prefix;
      ranges.push({ network: parsed.network, bits, v4: parsed.network.v4, text });
    }
  }
  return { domains, ranges };
}

function prefixMatches(network: Address, bits: number, a: Address): boolean {
  for (let i = 0; i < bits; i += 1) {
    const mask = 0x80 >> (i % 8);
    if (((network.bytes[i >> 3] ?? 0) & mask) !== ((a.bytes[i >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

function rangeFor(scope: CompiledScope, a: Address, bits = 128): string | null {
  for (const r of scope.ranges) {
    if (r.v4 === a.v4 && bits >= r.bits && prefixMatches(r.network, r.bits, a)) return r.text;
  }
  return null;
}

function domainFor(scope: CompiledScope, name: string): string | null {
  for (const d of scope.domains) {
    if (name === d || name.endsWith(`.${d}`)) return d;
  }
  return null;
}

/** Whether one target text is inside the scope, and why (or why not). */
export function checkTarget(scope: CompiledScope, target: string): ScopeVerdict {
  const parsed = parseTarget(target);
  switch (parsed.kind) {
    case 'invalid':
      return { target, status: 'invalid', reason: parsed.reason };
    case 'address': {
      const rule = rangeFor(scope, parsed.address);
      if (rule) return { target, status: 'in', by: 'range', rule };
      return { target, status: 'out', kind: 'address', mapped: isV4Mapped(parsed.address) };
    }
    case 'cidr': {
      const bits = parsed.network.v4 ? 96 + parsed.prefix : parsed.prefix;
      const rule = rangeFor(scope, parsed.network, bits);
      if (rule) return { target, status: 'in', by: 'range', rule };
      return { target, status: 'out', kind: 'range', mapped: false };
    }
    case 'name': {
      const rule = domainFor(scope, parsed.name);
      return rule ? { target, status: 'in', by: 'domain', rule } : { target, status: 'out', kind: 'name', mapped: false };
    }
    case 'url': {
      if (parsed.address) {
        const rule = rangeFor(scope, parsed.address);
        if (rule) return { target, status: 'in', by: 'range', rule };
        return { target, status: 'out', kind: 'address', mapped: isV4Mapped(parsed.address) };
      }
      const rule = domainFor(scope, parsed.host);
      return rule ? { target, status: 'in', by: 'domain', rule } : { target, status: 'out', kind: 'name', mapped: false };
    }
  }
}
