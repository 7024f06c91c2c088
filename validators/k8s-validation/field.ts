// The API server's field errors (apimachinery pkg/util/validation/field/errors.go: Error() is
// "<path>: <body>", ErrorBody prints the bad value by Go type) and the name rules they quote
// (pkg/util/validation/validation.go, k8s v1.32 = apimachinery v0.32). Each finding keeps the
// object path (for its position) apart from the field path the message names.
import { clusterPath, type PathSeg } from '../spans.ts';
import { arr, isObj, type Obj, type RawFinding } from '../raw.ts';

/** A Go value as %v / %q / %#v print it in ErrorBody. */
export type GoValue = { go: string };
const goRaw = (s: string): GoValue => ({ go: s });

const ESC: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
/** Go's strconv.Quote (%q): C escapes, \xNN for other control bytes, \uNNNN for other
 *  non-printable runes; printable Unicode stays as it is. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ESC[ch]) out += ESC[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function body(type: string, value: unknown): string {
  if (value === undefined) return type;
  if (typeof value === 'string') return `${type}: ${goQuote(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${type}: ${value}`;
  if (value && typeof value === 'object' && 'go' in value) return `${type}: ${(value as GoValue).go}`;
  return `${type}: ${String(value)}`;
}

export class Errs {
  readonly out: RawFinding[] = [];
  constructor(private stage: RawFinding['stage'] = 'validation') {}
  private push(at: PathSeg[], field: string, text: string, hint: string | undefined, anchor: 'key' | 'value', severity: 'error' | 'warning' = 'error'): void {
    this.out.push({ stage: this.stage, severity, path: at, anchor, message: `${field}: ${text}`, ...(hint ? { hint } : {}) });
  }
  /** field.Invalid(path, value, detail). `at` is where it sits in the document; `field` the path the message names. */
  invalid(at: PathSeg[], value: unknown, detail: string, hint?: string, field = clusterPath(at)): void {
    // Labs write placeholders (`<user>`, `<appdomain>`) the trainee replaces; say so.
    const ph = typeof value === 'string' ? /<[^<>\s]+>/.exec(value)?.[0] : undefined;
    if (ph) hint = `${ph} is a placeholder: replace it with your value (the API server takes the text literally).`;
    this.push(at, field, `${body('Invalid value', value)}${detail ? `: ${detail}` : ''}`, hint, 'value');
  }
  required(at: PathSeg[], detail = '', hint?: string, field = clusterPath(at)): void {
    this.push(at, field, `Required value${detail ? `: ${detail}` : ''}`, hint, 'key');
  }
  notSupported(at: PathSeg[], value: unknown, supported: string[], hint?: string, field = clusterPath(at)): void {
    this.push(at, field, `${body('Unsupported value', value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`, hint, 'value');
  }
  duplicate(at: PathSeg[], value: unknown, hint?: string, field = clusterPath(at)): void {
    this.push(at, field, body('Duplicate value', value), hint, 'value');
  }
  forbidden(at: PathSeg[], detail: string, hint?: string, field = clusterPath(at)): void {
    this.push(at, field, `Forbidden: ${detail}`, hint, 'key');
  }
}

// --- apimachinery pkg/util/validation/validation.go (v0.32.0) ---
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}
const maxLen = (n: number) => `must be no more than ${n} characters`;
const DNS_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUB_FMT = `${DNS_LABEL_FMT}(\\.${DNS_LABEL_FMT})*`;
const DNS1035_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const full = (fmt: string) => new RegExp(`^${fmt}$`);
// compiled once: these run on every name and label of every document
const DNS_SUB_RE = full(DNS_SUB_FMT);
const DNS_LABEL_RE = full(DNS_LABEL_FMT);
const DNS1035_RE = full(DNS1035_FMT);
const QNAME_RE = full(QNAME_FMT);
const LABEL_VALUE_RE = full(`(${QNAME_FMT})?`);

/** IsDNS1123Subdomain (validation.go:220). */
export function dns1123Subdomain(v: string): string[] {
  const e: string[] = [];
  if (v.length > 253) e.push(maxLen(253));
  if (!DNS_SUB_RE.test(v)) e.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS_SUB_FMT, 'example.com'));
  return e;
}
/** IsDNS1123Label (validation.go:189). */
export function dns1123Label(v: string): string[] {
  const e: string[] = [];
  if (v.length > 63) e.push(maxLen(63));
  if (!DNS_LABEL_RE.test(v)) {
    if (DNS_SUB_RE.test(v)) e.push('must not contain dots');
    else e.push(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", DNS_LABEL_FMT, 'my-name', '123-abc'));
  }
  return e;
}
/** IsDNS1035Label (validation.go:254): Service names. */
export function dns1035Label(v: string): string[] {
  const e: string[] = [];
  if (v.length > 63) e.push(maxLen(63));
  if (!DNS1035_RE.test(v)) e.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035_FMT, 'my-name', 'abc-123'));
  return e;
}
/** IsQualifiedName (validation.go:42): label keys, annotation keys. */
export function qualifiedName(v: string): string[] {
  const e: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (!prefix) e.push('prefix part must be non-empty');
    else e.push(...dns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else return [`a qualified name ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  if (!name) e.push('name part must be non-empty');
  else if (name.length > 63) e.push(`name part ${maxLen(63)}`);
  if (!QNAME_RE.test(name)) e.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return e;
}
/** IsValidLabelValue (validation.go:166). */
export function labelValue(v: string): string[] {
  const e: string[] = [];
  if (v.length > 63) e.push(maxLen(63));
  if (!LABEL_VALUE_RE.test(v)) e.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", `(${QNAME_FMT})?`, 'MyValue', 'my_value', '12345'));
  return e;
}
/** IsConfigMapKey (validation.go:481): ConfigMap and Secret keys. */
export function configMapKey(v: string): string[] {
  const e: string[] = [];
  if (v.length > 253) e.push(maxLen(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) e.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'));
  if (v === '.') e.push("must not be '.'");
  else if (v === '..') e.push("must not be '..'");
  else if (v.startsWith('..')) e.push("must not start with '..'");
  return e;
}
/** IsValidPortNum (validation.go:302). */
export const portNum = (n: number): string[] => (n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive']);
/** IsValidPortName (validation.go:352), in its order. */
export function portName(v: string): string[] {
  const e: string[] = [];
  if (v.length > 15) e.push(maxLen(15));
  if (!/^[-a-z0-9]+$/.test(v)) e.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(v)) e.push('must contain at least one letter (a-z)');
  if (v.includes('--')) e.push('must not contain consecutive hyphens');
  if (v.length > 0 && (v.startsWith('-') || v.endsWith('-'))) e.push('must not begin or end with a hyphen');
  return e;
}

/** A map[string]string as %#v prints it (keys sorted). */
export function goStringMap(m: unknown): GoValue {
  if (!isObj(m)) return goRaw('map[string]string(nil)');
  return goRaw(`map[string]string{${Object.keys(m).sort().map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`).join(', ')}}`);
}
export const go = goRaw;

/** metav1 ValidateLabels (apimachinery pkg/apis/meta/v1/validation/validation.go:113): every
 *  error names the map (`metadata.labels`), the finding sits on the key or value. */
export function validateLabels(e: Errs, labels: unknown, at: PathSeg[]): void {
  if (!isObj(labels)) return;
  for (const [k, v] of Object.entries(labels)) {
    for (const m of qualifiedName(k)) e.invalid([...at, k], k, m, 'A label key is an optional DNS prefix and "/" then a name of letters, digits, "-", "_" or "." (e.g. app.kubernetes.io/name).', clusterPath(at));
    if (typeof v === 'string') for (const m of labelValue(v)) e.invalid([...at, k], v, m, 'A label value is at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.', clusterPath(at));
  }
}

/** labels.Selector from a metav1.LabelSelector matches `labels` (matchLabels and matchExpressions). */
export function selectorMatches(sel: Obj, labels: Obj): boolean {
  const ml = isObj(sel.matchLabels) ? sel.matchLabels : {};
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const x of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    if (!isObj(x)) continue;
    const key = String(x.key);
    const vals = Array.isArray(x.values) ? x.values.map(String) : [];
    const has = key in labels;
    switch (x.operator) {
      case 'In': if (!has || !vals.includes(String(labels[key]))) return false; break;
      case 'NotIn': if (has && vals.includes(String(labels[key]))) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
    }
  }
  return true;
}

/** metav1 ValidateLabelSelector: operators and their values. */
export function validateSelector(e: Errs, sel: Obj, at: PathSeg[]): void {
  validateLabels(e, sel.matchLabels, [...at, 'matchLabels']);
  arr(sel.matchExpressions).forEach((x, i) => {
    if (!isObj(x)) return;
    const p = [...at, 'matchExpressions', i];
    const vals = arr(x.values);
    if (x.operator === 'In' || x.operator === 'NotIn') { if (!vals.length) e.required([...p, 'values'], "must be specified when `operator` is 'In' or 'NotIn'", 'List the values to match.'); }
    else if (x.operator === 'Exists' || x.operator === 'DoesNotExist') { if (vals.length) e.forbidden([...p, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", 'Remove values.'); }
    else e.invalid([...p, 'operator'], String(x.operator ?? ''), 'not a valid selector operator', 'Use In, NotIn, Exists or DoesNotExist.');
  });
}
