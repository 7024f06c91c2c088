// networking.k8s.io/v1 NetworkPolicy (kubernetes pkg/apis/networking/validation/validation.go:
// ValidateNetworkPolicySpec, ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer, ValidateIPBlock;
// CIDRs as apimachinery v0.32.0's IsValidCIDR reads them, i.e. k8s.io/utils/net ParseCIDRSloppy).
// Loads with the networking.k8s.io group (registry.ts ruleLoaders), through networking.ts.
import type { PathSeg } from '../spans.ts';
import { arr, isObj, type Obj } from '../raw.ts';
import { Errs, go, goQuote, portName, portNum, validateSelector } from './field.ts';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];
const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** Decimal digits as Go's old net.dtoi reads them (leading zeros allowed); -1 when none or too big. */
function dtoi(s: string): number {
  if (!/^\d+$/.test(s) || s.length > 8) return -1;
  return Number(s);
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    const n = dtoi(p);
    if (n < 0 || n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (!h) return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (const [i, p] of parts.entries()) {
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  // an embedded IPv4 address may only end the address
  if (halves.length === 2 && halves[0]!.includes('.')) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  let v = 0n;
  for (const g of [...head, ...Array(fill).fill(0), ...tail]) v = (v << 16n) | BigInt(g);
  return v;
}

interface Cidr { bits: number; net: bigint; len: number }

/** net.ParseCIDR (sloppy: IPv4 octets with leading zeros): the masked network, or undefined. */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  let bits = 32;
  let ip = parseIPv4(addr);
  if (ip === undefined) {
    bits = 128;
    ip = parseIPv6(addr);
  }
  const len = dtoi(s.slice(slash + 1));
  if (ip === undefined || len < 0 || len > bits) return undefined;
  const mask = ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
  return { bits, net: ip & mask, len };
}

/** IPNet.Contains(other's network address), with both masks' sizes compared as the rule does. */
function strictSubset(outer: Cidr, inner: Cidr): boolean {
  if (outer.bits !== inner.bits || outer.len >= inner.len) return false;
  const mask = ((1n << BigInt(outer.len)) - 1n) << BigInt(outer.bits - outer.len);
  return (inner.net & mask) === outer.net;
}

/** ValidateNetworkPolicyPort (validation.go:68-101). */
function port(e: Errs, p: Obj, at: PathSeg[]): void {
  if (p.protocol !== undefined && p.protocol !== null && !PROTOCOLS.includes(String(p.protocol)))
    e.notSupported([...at, 'protocol'], String(p.protocol), PROTOCOLS, 'Use TCP, UDP or SCTP (ICMP cannot be filtered by a NetworkPolicy).');
  const end = typeof p.endPort === 'number' ? p.endPort : undefined;
  if (typeof p.port === 'number') {
    for (const m of portNum(p.port)) e.invalid([...at, 'port'], p.port, m, 'Use a port between 1 and 65535.');
    if (end !== undefined) {
      // the API server names port's value here, not endPort's
      if (end < p.port) e.invalid([...at, 'endPort'], p.port, 'must be greater than or equal to `port`', `endPort closes the range port..endPort: make it ${p.port} or more.`);
      for (const m of portNum(end)) e.invalid([...at, 'endPort'], end, m, 'Use a port between 1 and 65535.');
    }
  } else if (typeof p.port === 'string') {
    if (end !== undefined) e.invalid([...at, 'endPort'], end, 'may not be specified when `port` is non-numeric', 'A port range needs a numeric port: give port as a number, or remove endPort.');
    for (const m of portName(p.port)) e.invalid([...at, 'port'], p.port, m, /^\d+$/.test(p.port) ? 'Unquote the number: a quoted port is a port name.' : 'A named port is an IANA_SVC_NAME (the container port\'s name).');
  } else if (end !== undefined) e.invalid([...at, 'endPort'], end, 'may not be specified when `port` is not specified', 'Add port (the start of the range), or remove endPort.');
}

/** ValidateIPBlock (validation.go:216-245). */
function ipBlock(e: Errs, b: Obj, at: PathSeg[]): void {
  const cidr = typeof b.cidr === 'string' ? b.cidr : '';
  if (!cidr) { e.required([...at, 'cidr'], '', 'Give the block as a CIDR, e.g. cidr: 10.0.0.0/16.'); return; }
  const outer = parseCidr(cidr);
  if (!outer) { e.invalid([...at, 'cidr'], cidr, CIDR_MSG, 'Write an address and a prefix length, e.g. 10.0.0.0/16 (a single address is /32).'); return; }
  arr(b.except).forEach((x, i) => {
    if (typeof x !== 'string') return;
    const inner = parseCidr(x);
    if (!inner) e.invalid([...at, 'except', i], x, CIDR_MSG, 'Write an address and a prefix length, e.g. 10.0.5.0/24.');
    else if (!strictSubset(outer, inner)) e.invalid([...at, 'except', i], x, 'must be a strict subset of `cidr`', `An except range lies inside ${cidr} and is smaller than it.`);
  });
}

/** ValidateNetworkPolicyPeer (validation.go:104-131). */
function peer(e: Errs, p: unknown, at: PathSeg[]): void {
  const o = isObj(p) ? p : {};
  let n = 0;
  for (const k of ['podSelector', 'namespaceSelector'] as const) {
    if (isObj(o[k])) { n++; validateSelector(e, o[k], [...at, k]); }
  }
  if (isObj(o.ipBlock)) { n++; ipBlock(e, o.ipBlock, [...at, 'ipBlock']); }
  if (n === 0) e.required(at, 'must specify a peer', 'Give podSelector, namespaceSelector or ipBlock (an empty podSelector: {} is every pod of the namespace).');
  else if (n > 1 && isObj(o.ipBlock)) e.forbidden(at, 'may not specify both ipBlock and another peer', 'Put the ipBlock in a peer of its own (a new "- ipBlock:" item).');
}

/** ValidateNetworkPolicySpec (validation.go:134-182). */
export function validateNetworkPolicy(e: Errs, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  if (isObj(spec.podSelector)) validateSelector(e, spec.podSelector, ['spec', 'podSelector']);
  for (const [dir, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    arr(spec[dir]).forEach((r, i) => {
      if (!isObj(r)) return;
      arr(r.ports).forEach((p, j) => { if (isObj(p)) port(e, p, ['spec', dir, i, 'ports', j]); });
      arr(r[peers]).forEach((p, j) => peer(e, p, ['spec', dir, i, peers, j]));
    });
  }
  const types = arr(spec.policyTypes);
  if (types.length > POLICY_TYPES.length) {
    e.invalid(['spec', 'policyTypes'], go(`[]networking.PolicyType{${types.map((t) => goQuote(String(t))).join(', ')}}`), 'may not specify more than two policyTypes', 'List each of Ingress and Egress at most once.');
    return;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(String(t))) e.notSupported(['spec', 'policyTypes', i], String(t), POLICY_TYPES, 'Use Ingress or Egress (capitalised).');
  });
}
