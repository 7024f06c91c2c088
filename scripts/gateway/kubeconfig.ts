// The kubeconfig each shell gets: one cluster, one user, one context "kvlab" whose namespace
// is the trainee's. Cluster and credential come from the trainee's own kubeconfig (its
// current context), with file references inlined so the shell's uid need not read them.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { isObj, type Obj } from '../../validators/raw.ts';


export interface KubeconfigSource {
  cluster: Obj;
  user: Obj;
}

export interface InClusterDefaults {
  server: string;
  /** base64 CA bundle, when the gateway runs in a pod. */
  caData?: string;
}


function named(list: unknown, name: unknown, what: string, file: string): Obj {
  const found = Array.isArray(list) ? list.find((e) => isObj(e) && e.name === name) : undefined;
  if (!isObj(found) || !isObj(found[what]))
    throw new Error(`${file}: the current context refers to ${what} "${String(name)}", which the file does not define`);
  return { ...(found[what] as Obj) };
}

/** Throws when a file holding a credential can be read or written by other users. */
function mustBePrivate(p: string, label: string): void {
  let mode: number;
  try {
    mode = statSync(p).mode & 0o777;
  } catch {
    return; // the read that follows reports it
  }
  if (mode & 0o077) throw new Error(`${label}: holds a credential and is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${p}`);
}

const FILE_FIELDS: [string, string][] = [
  ['certificate-authority', 'certificate-authority-data'],
  ['client-certificate', 'client-certificate-data'],
  ['client-key', 'client-key-data'],
];

function inline(entry: Obj, baseDir: string, file: string): Obj {
  const out = { ...entry };
  for (const [ref, data] of FILE_FIELDS) {
    if (typeof out[ref] === 'string') {
      const p = isAbsolute(out[ref] as string) ? (out[ref] as string) : resolve(baseDir, out[ref] as string);
      if (ref === 'client-key') mustBePrivate(p, `${file}: client-key ${p}`);
      try {
        out[data] = readFileSync(p).toString('base64');
      } catch (e) {
        throw new Error(`${file}: ${ref} ${p} cannot be read (${(e as Error).message})`);
      }
      delete out[ref];
    }
  }
  if (typeof out.tokenFile === 'string') {
    const p = isAbsolute(out.tokenFile) ? out.tokenFile : resolve(baseDir, out.tokenFile);
    mustBePrivate(p, `${file}: tokenFile ${p}`);
    try {
      out.token = readFileSync(p, 'utf8').trim();
    } catch (e) {
      throw new Error(`${file}: tokenFile ${p} cannot be read (${(e as Error).message})`);
    }
    delete out.tokenFile;
  }
  return out;
}

/** Reads a trainee's kubeconfig file; throws an Error whose message starts with the file. */
export function readKubeconfigSource(file: string): KubeconfigSource {
  // As ssh does for keys: a credential others can read is refused, not silently used.
  mustBePrivate(file, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read the trainee's kubeconfig (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix the path in the trainees file (relative paths are relative to it)`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isObj(doc)) throw new Error(`${file}: not a kubeconfig (expected a mapping with clusters, users, contexts)`);
  const current = doc['current-context'];
  const contexts = Array.isArray(doc.contexts) ? doc.contexts : [];
  const ctxEntry = (current ? contexts.find((c) => isObj(c) && c.name === current) : contexts[0]) as Obj | undefined;
  if (!isObj(ctxEntry) || !isObj(ctxEntry.context))
    throw new Error(`${file}: no usable context (set current-context to one of its contexts)`);
  const ctx = ctxEntry.context as Obj;
  const baseDir = dirname(file);
  return {
    cluster: inline(named(doc.clusters, ctx.cluster, 'cluster', file), baseDir, file),
    user: inline(named(doc.users, ctx.user, 'user', file), baseDir, file),
  };
}

/**
 * The user entry of a trainee without a credential. An empty entry would make kubectl prompt
 * "Please enter Username:" in the terminal; this exec plugin holds no credential either and
 * only says what to do, so kubectl fails at once with that message.
 */
export function noCredentialUser(user: string): Obj {
  const message = `kvlab: no cluster credential is set for ${user}. Ask your trainer to add one, or save your token in a file (never on a command line: others see those), e.g. (umask 077; cat > ~/.kube/token), and run: kubectl config unset users.kvlab.exec && kubectl config set users.kvlab.tokenFile ~/.kube/token`;
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      interactiveMode: 'Never',
      command: 'sh',
      args: ['-c', `echo '${message}' >&2; exit 1`],
    },
  };
}

/** Pure: the kubeconfig YAML for one trainee. Without a source, the user has no credential. */
export function buildKubeconfig(opts: { user: string; namespace: string; source?: KubeconfigSource; defaults: InClusterDefaults }): string {
  const cluster: Obj = opts.source?.cluster ?? { server: opts.defaults.server, ...(opts.defaults.caData ? { 'certificate-authority-data': opts.defaults.caData } : {}) };
  const user: Obj = opts.source?.user ?? noCredentialUser(opts.user);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kvlab', cluster }],
    users: [{ name: 'kvlab', user }],
    contexts: [{ name: 'kvlab', context: { cluster: 'kvlab', user: 'kvlab', namespace: opts.namespace } }],
    'current-context': 'kvlab',
    preferences: {},
  });
}

/** The API server the gateway's pod sees, or a placeholder outside a cluster. */
export function inClusterDefaults(env: NodeJS.ProcessEnv, serverFlag?: string): InClusterDefaults {
  if (serverFlag) return { server: serverFlag };
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  let caData: string | undefined;
  try {
    caData = readFileSync('/var/run/secrets/kubernetes.io/serviceaccount/ca.crt').toString('base64');
  } catch {
    caData = undefined;
  }
  if (host) return { server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`, caData };
  return { server: 'https://kubernetes.default.svc', caData };
}
