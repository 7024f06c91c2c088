// The trainees file: a YAML list of {user, namespace?, kubeconfig?}. Parsed with positions so
// every problem is reported as file:line:column with what to write instead.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface Trainee {
  user: string;
  /** Defaults to the user name, as the labs' `--namespace=$USER` assumes. */
  namespace: string;
  /** Path of a kubeconfig holding this trainee's credential, as written in the file. */
  kubeconfig?: string;
  /** 0-based position in the file. */
  index: number;
}

export interface TraineesProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

// A DNS-1123 label: valid as a namespace, a Unix user name and a directory name.
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KNOWN = new Set(['user', 'namespace', 'kubeconfig']);
/** The namespace the deploy/ manifests put the gateway in (its secret, every kubeconfig). */
export const GATEWAY_NAMESPACE = 'kvlab';

/** Why a trainee may not have this namespace, or undefined. */
function reservedWhy(ns: string, gatewayNamespaces: string[]): string | undefined {
  if (gatewayNamespaces.includes(ns)) return "the gateway's own namespace holds its signing secret and every kubeconfig";
  if (ns.startsWith('kube-')) return 'kube-* belong to Kubernetes';
  if (ns === 'default') return "the cluster's default namespace";
  return undefined;
}

export interface TraineesOptions {
  /** Namespaces the gateway runs in besides `kvlab` (e.g. its pod's namespace). */
  reservedNamespaces?: string[];
}

export function formatProblem(p: TraineesProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export function parseTrainees(text: string, file: string, opts: TraineesOptions = {}): { trainees: Trainee[]; problems: TraineesProblem[] } {
  const gatewayNamespaces = [GATEWAY_NAMESPACE, ...(opts.reservedNamespaces ?? [])];
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const problems: TraineesProblem[] = [];
  const at = (offset: number | undefined, message: string) => {
    const pos = lc.linePos(offset ?? 0);
    problems.push({ file, line: pos.line, column: pos.col, message });
  };
  for (const e of doc.errors) at(e.pos[0], `YAML: ${e.message.split('\n')[0]}`);
  if (problems.length) return { trainees: [], problems };
  const root = doc.contents;
  if (!isSeq(root)) {
    at(root?.range?.[0], 'expected a list of trainees, e.g.\n- user: alice\n- user: bob\n  namespace: team-bob\n  kubeconfig: kubeconfigs/bob.yaml');
    return { trainees: [], problems };
  }
  const trainees: Trainee[] = [];
  const seenUsers = new Map<string, number>();
  const seenNamespaces = new Map<string, { user: string; line: number }>();
  root.items.forEach((item, index) => {
    const start = (item as Node | null)?.range?.[0];
    if (!isMap(item)) {
      at(start, 'each trainee is a mapping like `user: alice` (namespace and kubeconfig optional)');
      return;
    }
    const values: Record<string, { value: unknown; offset?: number }> = {};
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyOffset = (pair.key as Node | null)?.range?.[0];
      if (!KNOWN.has(key)) {
        at(keyOffset, `unknown field "${key}": a trainee has user, namespace (optional) and kubeconfig (optional)`);
        continue;
      }
      const v = pair.value;
      values[key] = { value: isScalar(v) ? v.value : v, offset: (v as Node | null)?.range?.[0] ?? keyOffset };
    }
    const user = values.user;
    if (!user) {
      at(start, 'missing "user": add `user: <name>` (lowercase letters, digits and "-")');
      return;
    }
    if (typeof user.value !== 'string' || !LABEL.test(user.value) || user.value.length > 63) {
      at(user.offset, `user ${JSON.stringify(user.value)} is not a DNS label: use lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`);
      return;
    }
    const prev = seenUsers.get(user.value);
    if (prev !== undefined) {
      at(user.offset, `user "${user.value}" is listed twice (first as entry ${prev + 1}); remove one`);
      return;
    }
    seenUsers.set(user.value, index);
    let namespace = user.value;
    let nsOffset = user.offset;
    if (values.namespace) {
      const ns = values.namespace.value;
      if (typeof ns !== 'string' || !LABEL.test(ns) || ns.length > 63) {
        at(values.namespace.offset, `namespace ${JSON.stringify(ns)} is not a valid namespace name: lowercase letters, digits and "-", at most 63 characters`);
        return;
      }
      namespace = ns;
      nsOffset = values.namespace.offset;
    }
    // Defaulted from the user name: say where to write one instead.
    const explicit = values.namespace !== undefined;
    const why = reservedWhy(namespace, gatewayNamespaces);
    if (why) {
      at(nsOffset, `namespace "${namespace}" is reserved (${why}); give ${user.value} a namespace of their own${explicit ? '' : ' with `namespace: …`'}`);
      return;
    }
    const owner = seenNamespaces.get(namespace);
    if (owner) {
      at(nsOffset, `namespace "${namespace}" is already the namespace of ${owner.user} (line ${owner.line}); each trainee needs a namespace of their own${explicit ? '' : ` — give ${user.value} a \`namespace:\``}`);
      return;
    }
    seenNamespaces.set(namespace, { user: user.value, line: lc.linePos(nsOffset ?? 0).line });
    let kubeconfig: string | undefined;
    if (values.kubeconfig) {
      const k = values.kubeconfig.value;
      if (typeof k !== 'string' || k === '') {
        at(values.kubeconfig.offset, 'kubeconfig must be a file path (relative to the trainees file), e.g. `kubeconfig: kubeconfigs/alice.yaml`');
        return;
      }
      kubeconfig = k;
    }
    trainees.push({ user: user.value, namespace, kubeconfig, index });
  });
  return { trainees, problems };
}
