// Small Kubernetes helpers: quantities, name rules (apimachinery validation messages).
export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** apimachinery IsDNS1123Label: the messages, empty when valid. */
export function dns1123LabelErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v)) errs.push(DNS1123_LABEL_MSG);
  return errs;
}

export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** apimachinery IsDNS1123Subdomain: the messages, empty when valid. */
export function dns1123SubdomainErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

/** Go's net.ParseIP accepts it: dotted IPv4 (no leading zeros) or IPv6 (an IPv4 tail allowed, no zone). */
export function isGoIP(s: string): boolean {
  const v4 = (t: string) => {
    const p = t.split('.');
    return p.length === 4 && p.every((x) => /^(0|[1-9][0-9]{0,2})$/.test(x) && Number(x) <= 255);
  };
  if (v4(s)) return true;
  if (!s.includes(':')) return false;
  let groups = 0;
  let t = s;
  const lastColon = t.lastIndexOf(':');
  if (t.slice(lastColon + 1).includes('.')) {
    if (!v4(t.slice(lastColon + 1))) return false;
    t = t.slice(0, lastColon + 1) + '0:0';
  }
  const halves = t.split('::');
  if (halves.length > 2) return false;
  for (const h of halves) {
    if (h === '') continue;
    const g = h.split(':');
    if (!g.every((x) => /^[0-9A-Fa-f]{1,4}$/.test(x))) return false;
    groups += g.length;
  }
  return halves.length === 2 ? groups < 8 : groups === 8;
}

/** apimachinery IsValidPortName (IANA_SVC_NAME): the messages, empty when valid. */
export function portNameErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length < 1 || v.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (/--/.test(v)) errs.push('must not contain consecutive hyphens');
  if (/^-|-$/.test(v)) errs.push('must not begin or end with a hyphen');
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  return errs;
}

const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DEC: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Value of a resource.Quantity ("1024M", "-64Mi", "200m", 2); NaN when it is not one. */
export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  const s = m[2] ?? '';
  if (BIN[s]) return n * BIN[s];
  if (s in DEC) return n * DEC[s]!;
  return n * 10 ** Number(s.slice(1));
}

/** resource.ErrFormatWrong's text (apimachinery quantity.go), which KubeVirt prints for any
 *  pageSize that does not parse. */
export const QUANTITY_FORMAT_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A resource.Quantity as ParseQuantity leaves it: the exact amount in nano units (rounded up
 *  away from zero to 1n, as ParseQuantity does), its format, and the input when ParseQuantity
 *  keeps it as the string form (its fast path, for text already in canonical form). */
export interface Quantity {
  nanos: bigint;
  format: QuantityFormat;
  kept?: string;
}

const DEC_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const INT64_MAX = 2n ** 63n - 1n;

const QUANTITY_RE = /^([+-]?)0*([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const EXP_SUFFIX = /^[eE][-+]?[0-9]+$/;

/** Whether parseK8sQuantity accepts input (the same tests, without computing the amount). */
export function isK8sQuantity(input: unknown): boolean {
  const str = typeof input === 'number' && Number.isFinite(input) ? String(input) : input;
  if (typeof str !== 'string' || str === '') return false;
  if (str === '0') return true;
  const m = QUANTITY_RE.exec(str);
  if (!m) return false;
  const suf = m[4]!;
  return suf in DEC_EXP || suf in BIN_EXP || EXP_SUFFIX.test(suf);
}

/** Quantities parsed before (the same few, 1Gi, 10Gi, 100m, …, come in every call): text → quantity, or null where it is none. */
const quantities = new Map<string, Quantity | null>();
const QUANTITY_SLOTS = 512;
const MAX_CACHED_QUANTITY = 64;

/** apimachinery resource.ParseQuantity (quantity.go: parseQuantityString, suffixer.interpret):
 *  undefined where it returns an error. A number is taken as JSON would render it. */
export function parseK8sQuantity(input: unknown): Quantity | undefined {
  const str = typeof input === 'number' && Number.isFinite(input) ? String(input) : input;
  if (typeof str !== 'string' || str === '') return undefined;
  if (str.length > MAX_CACHED_QUANTITY) return quantityOf(str);
  let q = quantities.get(str);
  if (q === undefined) {
    q = quantityOf(str) ?? null;
    if (quantities.size >= QUANTITY_SLOTS) quantities.clear();
    quantities.set(str, q);
  }
  return q === null ? undefined : { ...q }; // a copy: the caller may change its own
}

/** parseK8sQuantity of a non-empty string. */
function quantityOf(str: string): Quantity | undefined {
  if (str === '0') return { nanos: 0n, format: 'DecimalSI', kept: str };
  const m = QUANTITY_RE.exec(str);
  if (!m) return undefined;
  const positive = m[1] !== '-';
  const num = m[2] || '0';
  const denom = m[3] ?? '';
  const suf = m[4]!;
  let base: 10 | 2;
  let exponent: number;
  let format: QuantityFormat;
  if (suf in DEC_EXP) [base, exponent, format] = [10, DEC_EXP[suf]!, 'DecimalSI'];
  else if (suf in BIN_EXP) [base, exponent, format] = [2, BIN_EXP[suf]!, 'BinarySI'];
  else if (EXP_SUFFIX.test(suf)) [base, exponent, format] = [10, Number(suf.slice(1)), 'DecimalExponent'];
  else return undefined;
  // The exact amount is digits × 10^scale × 2^bin; kept in nano units, rounded up as ParseQuantity does.
  const digits = BigInt(num + denom);
  const scale = (base === 10 ? exponent : 0) - denom.length;
  const mag = digits * 2n ** BigInt(base === 2 ? exponent : 0);
  let nanos = scale + 9 >= 0 ? mag * 10n ** BigInt(scale + 9) : (mag + 10n ** BigInt(-(scale + 9)) - 1n) / 10n ** BigInt(-(scale + 9));
  if (!positive) nanos = -nanos;
  // The fast path keeps the text when it is already canonical (quantity.go ParseQuantity).
  let kept: string | undefined;
  let precision: number;
  if (format === 'BinarySI') precision = denom.length === 0 ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  else precision = 18 - (num.length + denom.length);
  if (precision >= 0) {
    const s = base === 10 ? scale : -denom.length;
    const shifted = num + denom;
    if (s >= -9 && BigInt(shifted) <= INT64_MAX && mag <= INT64_MAX) {
      if (format === 'BinarySI') { if (exponent % 10 === 0 && (BigInt(shifted) & 7n) !== 0n) kept = str; }
      else if (s % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') kept = str;
    }
  } else if (format === 'BinarySI' && nanos !== 0n && (nanos < 0n ? -nanos : nanos) < 1_000_000_000n) format = 'DecimalSI';
  return { nanos, format, ...(kept !== undefined ? { kept } : {}) };
}

/** Quantity.Value(): the amount rounded up, away from zero, to an integer. */
export function quantityValue(q: Quantity): number {
  const abs = q.nanos < 0n ? -q.nanos : q.nanos;
  const v = (abs + 999_999_999n) / 1_000_000_000n;
  return Number(q.nanos < 0n ? -v : v);
}

const DEC_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BIN_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Quantity.String() (CanonicalizeBytes): the kept input, else the canonical form, e.g.
 *  1024Mi → 1Gi, 2000M → 2G, 0.5Gi → 512Mi, 1.5G → 1500M. */
export function quantityString(q: Quantity): string {
  if (q.kept !== undefined) return q.kept;
  if (q.nanos === 0n) return '0';
  const neg = q.nanos < 0n;
  let abs = neg ? -q.nanos : q.nanos;
  const sign = neg ? '-' : '';
  if (q.format === 'BinarySI' && abs >= 1024n * 1_000_000_000n && abs % 1_000_000_000n === 0n) {
    let v = abs / 1_000_000_000n;
    let e = 0;
    while (v % 1024n === 0n && e < BIN_SUFFIX.length - 1) { v /= 1024n; e++; }
    return `${sign}${v}${BIN_SUFFIX[e]}`;
  }
  let e = -9;
  while (abs % 10n === 0n) { abs /= 10n; e++; }
  const e3 = Math.floor(e / 3) * 3;
  abs *= 10n ** BigInt(e - e3);
  if (q.format === 'DecimalExponent') return `${sign}${abs}${e3 === 0 ? '' : `e${e3}`}`;
  return `${sign}${abs}${DEC_SUFFIX[e3] ?? ''}`;
}
