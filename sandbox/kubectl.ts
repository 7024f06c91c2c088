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
  let flags: Flags;
  try {
    flags = parseFlags(args.slice(1));
  } catch (e) {
    const verb = args[0] ?? '';
    return err(`error: ${(e as Error).message}\nSee 'kubectl ${verb ? `${verb} ` : ''}--help' for usage.`);
  }
  const verb = args[0];
  const ns = flags.namespace ?? ctx.namespace;
  if (flags.allNamespaces || ns !== ctx.namespace) {
    const target = flags.allNamespaces ? 'at the cluster scope' : `in the namespace "${ns}"`;
    const what = verb === 'get' || verb === 'describe' ? 'list' : verb === 'delete' ? 'delete' : 'create';
    const res = resourceOf(flags.positional[0] ?? '') ?? byKind('VirtualMachine')!;
    const [plural, group] = res.group ? [res.plural.split('.')[0], res.group] : [res.plural, ''];
    if (verb && ['get', 'describe', 'delete', 'apply', 'create'].includes(verb))
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
          '  get TYPE [NAME] [-o yaml|wide] [-w]   vm, vmi, secret, svc, endpoints, configmap\n' +
          '  describe TYPE NAME\n' +
          '  delete TYPE NAME | -f FILE\n\n' +
          'Flags: -n/--namespace (your namespace is the default)\n',
      );
      return verb === undefined ? 1 : 0;
    default:
      return err(`error: unknown command "${verb}" for "kubectl"\n\nDid you mean this?\n\t${closest(verb, KUBECTL_VERBS)}\nRun 'kubectl --help' for usage.`);
  }
}

export { Sandbox };
