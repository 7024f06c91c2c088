// `kubectl` in the sandbox: apply, create secret generic, get, describe, delete in the trainee's
// namespace, printing what kubectl prints (tables, -o yaml/wide, -w, its error messages). This
// entry parses the flags, refuses other namespaces and dispatches to one module per verb group
// (kubectl/): apply.ts, create.ts, get.ts (rows.ts, object.ts, watch.ts), describe.ts, delete.ts.
import { Sandbox } from './sandbox.ts';
import type { CommandContext, Result } from './types.ts';
import { apply } from './kubectl/apply.ts';
import { create } from './kubectl/create.ts';
import { del } from './kubectl/delete.ts';
import { describe } from './kubectl/describe.ts';
import { parseFlags, type Flags } from './kubectl/flags.ts';
import { get } from './kubectl/get.ts';
import { byKind, closest, KUBECTL_VERBS, resourceOf } from './kubectl/resources.ts';
import { notSimulated } from './kubectl/not-simulated.ts';
import { annotate, label } from './kubectl/label.ts';
import { patch } from './kubectl/patch.ts';
import { autoscale, scale } from './kubectl/scale.ts';
import { wait } from './kubectl/wait.ts';
import { logs } from './kubectl/logs.ts';
import { explain } from './kubectl/explain.ts';
import { edit } from './kubectl/edit.ts';
import { config, defaultNamespace } from './kubectl/config.ts';

/** Namespaces of the cluster's own components: a read there says the sandbox does not simulate them. */
const SYSTEM_NAMESPACES = new Set(['kubevirt', 'cdi', 'kube-system', 'kube-public', 'kube-node-lease', 'openshift-cnv', 'monitoring', 'ingress-nginx', 'local-path-storage']);
const WRITES = ['apply', 'create', 'delete', 'patch', 'label', 'annotate', 'scale', 'edit', 'autoscale'];

/** kubectl verbs the sandbox knows of but does not simulate. */
const NOT_SIMULATED_VERBS = new Set(['exec', 'port-forward', 'top', 'cp', 'attach', 'proxy', 'run', 'expose', 'rollout', 'set', 'auth', 'debug', 'drain', 'cordon', 'uncordon', 'taint', 'certificate', 'cluster-info', 'api-resources', 'api-versions', 'replace', 'kustomize', 'diff', 'events', 'plugin']);

export { parseFlags } from './kubectl/flags.ts';
export { KUBECTL_VERBS, RESOURCE_NAMES } from './kubectl/resources.ts';
export { fromBase64, toBase64 } from './kubectl/base64.ts';
export { launcherPodName } from './kubectl/rows.ts';

export function kubectl(ctx: CommandContext, args: string[]): Result {
  const { io } = ctx;
  const err = (m: string) => {
    io.out(`${m}\n`);
    return 1;
  };
  if (args[0] === 'config') return config(ctx, args.slice(1));
  let flags: Flags;
  try {
    flags = parseFlags(args.slice(1), args[0]);
  } catch (e) {
    const verb = args[0] ?? '';
    return err(`error: ${(e as Error).message}\nSee 'kubectl ${verb ? `${verb} ` : ''}--help' for usage.`);
  }
  const verb = args[0];
  const ns = flags.namespace ?? defaultNamespace(ctx);
  const reads = verb === 'get' || verb === 'describe' || verb === 'wait' || verb === 'logs' || verb === 'explain';
  const res0 = resourceOf((flags.positional[0] ?? '').split('/')[0]!.split(',')[0]!);
  const clusterScoped = !!res0 && !res0.namespaced;
  if (ns !== ctx.namespace && !clusterScoped && SYSTEM_NAMESPACES.has(ns) && reads) return err(notSimulated(`namespace "${ns}" (the cluster's own components)`) + `; the sandbox runs your namespace "${ctx.namespace}"`);
  if ((flags.allNamespaces && !(verb === 'get' || verb === 'describe')) || (ns !== ctx.namespace && !clusterScoped)) {
    const target = flags.allNamespaces ? 'at the cluster scope' : `in the namespace "${ns}"`;
    const what = reads ? 'list' : verb === 'delete' ? 'delete' : verb === 'apply' || verb === 'create' ? 'create' : 'patch';
    const res = res0 ?? byKind('VirtualMachine')!;
    const [plural, group] = res.group ? [res.plural.slice(0, res.plural.indexOf('.')), res.group] : [res.plural, ''];
    if (verb && WRITES.concat('get', 'describe', 'wait', 'logs').includes(verb))
      return err(`Error from server (Forbidden): ${res.plural} is forbidden: User "system:serviceaccount:${ctx.namespace}:${ctx.user}" cannot ${what} resource "${plural}" in API group "${group}" ${target}`);
  }
  switch (verb) {
    case 'apply':
      return apply(ctx, flags, ns);
    case 'create':
      return create(ctx, flags, ns);
    case 'get':
      return get(ctx, flags, ns);
    case 'describe':
      return describe(ctx, flags, ns);
    case 'delete':
      return del(ctx, flags, ns);
    case 'scale':
      return scale(ctx, flags, ns);
    case 'autoscale':
      return autoscale(ctx, flags, ns);
    case 'patch':
      return patch(ctx, flags, ns);
    case 'label':
      return label(ctx, flags, ns);
    case 'annotate':
      return annotate(ctx, flags, ns);
    case 'wait':
      return wait(ctx, flags, ns);
    case 'logs':
      return logs(ctx, flags, ns);
    case 'explain':
      return explain(ctx, flags);
    case 'edit':
      return edit(ctx, flags, ns);
    case 'version':
      io.out('Client Version: v1.34.1\nKustomize Version: v5.7.1\nServer Version: v1.34.1 (kvlab sandbox, KubeVirt v1.9.0)\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(
        'kubectl controls the Kubernetes cluster manager (here: the kvlab sandbox).\n\n' +
          'Commands this sandbox runs:\n' +
          '  apply -f FILE|DIR          Apply a configuration to a resource\n' +
          '  create secret generic NAME --from-file=[KEY=]FILE [--from-literal=KEY=VALUE]\n' +
          '  get TYPE [NAME] [-l SELECTOR] [-A] [--show-labels] [-o yaml|json|wide|name|jsonpath=…|custom-columns=…] [-w]\n' +
          '  describe TYPE NAME         delete TYPE NAME | -f FILE\n' +
          '  autoscale TYPE NAME --max=N [--min=N] [--cpu-percent=N] [--name=HPA]\n' +
          '  scale TYPE NAME --replicas=N      patch TYPE NAME [--type merge|json|strategic] -p PATCH\n' +
          '  label|annotate TYPE NAME KEY=VAL… KEY-   wait TYPE/NAME --for=condition=C|jsonpath=… [--timeout=30s]\n' +
          '  logs POD [-c CONTAINER]    explain TYPE[.FIELD…]    edit TYPE NAME (opens the page\'s editor)\n\n' +
          'Flags: -n/--namespace (your namespace is the default)\n',
      );
      return verb === undefined ? 1 : 0;
    default:
      if (NOT_SIMULATED_VERBS.has(verb)) return err(notSimulated(`kubectl ${verb}`));
      return err(`error: unknown command "${verb}" for "kubectl"\n\nDid you mean this?\n\t${closest(verb, KUBECTL_VERBS)}\nRun 'kubectl --help' for usage.`);
  }
}

export { Sandbox };
