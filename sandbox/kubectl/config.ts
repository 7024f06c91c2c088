// `kubectl config` in the sandbox: the shell's one kubeconfig context (kvlab-sandbox, user and
// namespace the trainee's) as kubectl v1.32 prints it: current-context, get-contexts, view
// [--minify] [-o yaml|json|jsonpath=…], set-context --current --namespace=NS (later commands
// default to NS, and another namespace is Forbidden as on the training's cluster), use-context.
import { stringify } from 'yaml';
import type { CommandContext } from '../types.ts';
import { execute, JsonPathError, relaxed } from './jsonpath.ts';
import { notSimulated } from './not-simulated.ts';

export const CONTEXT = 'kvlab-sandbox';

/** The kubeconfig as `kubectl config view` shows it (secrets left out as kubectl leaves them out). */
function kubeconfig(ctx: CommandContext): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': 'DATA+OMITTED', server: 'https://kubernetes.default.svc:443' }, name: CONTEXT }],
    contexts: [{ context: { cluster: CONTEXT, namespace: defaultNamespace(ctx), user: ctx.user }, name: CONTEXT }],
    'current-context': CONTEXT,
    kind: 'Config',
    preferences: {},
    users: [{ name: ctx.user, user: { token: 'REDACTED' } }],
  };
}

/** The namespace kubectl and virtctl use without -n: the context's. */
export function defaultNamespace(ctx: CommandContext): string {
  return ctx.kubeconfig?.namespace ?? ctx.namespace;
}

/** Go's tabwriter as kubectl's printers set it up (min width 10, padding 3). */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(10, ...rows.map((r) => r[i]!.length + 3)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('').trimEnd() + '\n').join('');
}

export function config(ctx: CommandContext, args: string[]): number {
  const { io } = ctx;
  const [sub, ...rest] = args;
  const flag = (name: string) => {
    const i = rest.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`) || (name === 'output' && (a === '-o' || a.startsWith('-o'))));
    if (i < 0) return undefined;
    const a = rest[i]!;
    return a.includes('=') ? a.slice(a.indexOf('=') + 1) : a.startsWith('-o') && a.length > 2 ? a.slice(2) : (rest[i + 1] ?? '');
  };
  const positional = rest.filter((a, i) => !a.startsWith('-') && !/^(-o|--output|--namespace|--cluster|--user)$/.test(rest[i - 1] ?? ''));
  switch (sub) {
    case 'current-context':
      io.out(`${CONTEXT}\n`);
      return 0;
    case 'get-contexts': {
      const name = positional[0];
      if (name && name !== CONTEXT) {
        io.out(`error: context ${name} not found\n`);
        return 1;
      }
      const o = flag('output');
      if (o === 'name') io.out(`${CONTEXT}\n`);
      else if (o !== undefined && o !== '') {
        io.out(`error: output must be one of '' or 'name'\n`);
        return 1;
      } else io.out(table([['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ['*', CONTEXT, CONTEXT, ctx.user, defaultNamespace(ctx)]]));
      return 0;
    }
    case 'view': {
      const cfg = kubeconfig(ctx);
      const o = flag('output') ?? 'yaml';
      if (o === 'yaml') io.out(stringify(cfg, { indentSeq: false })); // sigs.k8s.io/yaml does not indent lists
      else if (o === 'json') io.out(`${JSON.stringify(cfg, null, 4)}\n`);
      else if (o.startsWith('jsonpath=')) {
        try {
          io.out(execute(relaxed(o.slice(9).replace(/^'(.*)'$/, '$1')), cfg));
        } catch (e) {
          io.out(`error: error parsing jsonpath ${o.slice(9)}, ${(e as JsonPathError).message}\n`);
          return 1;
        }
      } else {
        io.out(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml\n`);
        return 1;
      }
      return 0;
    }
    case 'set-context': {
      const name = rest.includes('--current') ? CONTEXT : positional[0];
      if (!name) {
        io.out(`error: you must specify a non-empty context name or --current\n`);
        return 1;
      }
      if (name !== CONTEXT) {
        io.out(`${notSimulated(`another kubeconfig context ("${name}")`)}; the sandbox has one, "${CONTEXT}" (kubectl config set-context --current --namespace=NS)\n`);
        return 1;
      }
      const ns = flag('namespace');
      if (ns !== undefined && ctx.kubeconfig) ctx.kubeconfig.namespace = ns || ctx.namespace;
      io.out(`Context "${CONTEXT}" modified.\n`);
      return 0;
    }
    case 'use-context':
      if (positional[0] !== CONTEXT) {
        io.out(positional[0] ? `error: no context exists with the name: "${positional[0]}"\n` : `error: Unexpected args: []\nsee 'kubectl config use-context -h' for help and examples\n`);
        return 1;
      }
      io.out(`Switched to context "${CONTEXT}".\n`);
      return 0;
    case 'get-clusters':
      io.out(`NAME\n${CONTEXT}\n`);
      return 0;
    case 'get-users':
      io.out(`NAME\n${ctx.user}\n`);
      return 0;
    default:
      io.out(sub ? `${notSimulated(`kubectl config ${sub}`)}\n` : 'Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".\n(the sandbox has: current-context, get-contexts, view [--minify], set-context --current --namespace=NS, use-context)\n');
      return sub ? 1 : 0;
  }
}
