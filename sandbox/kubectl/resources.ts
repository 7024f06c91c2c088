// The resource kinds the sandbox knows, their aliases, kubectl's TYPE[/NAME] arguments and its
// did-you-mean for a mistyped verb.
import { editDistance } from '../../validators/edit-distance.ts';
import type { CommandContext } from '../types.ts';
import type { Flags } from './flags.ts';

export interface Resource {
  kind: string;
  /** The plural.group kubectl names in messages. */
  plural: string;
  /** The singular form in `created`/`deleted` lines. */
  singular: string;
  group: string;
}

const RESOURCES: Resource[] = [
  { kind: 'VirtualMachine', plural: 'virtualmachines.kubevirt.io', singular: 'virtualmachine.kubevirt.io', group: 'kubevirt.io' },
  { kind: 'VirtualMachineInstance', plural: 'virtualmachineinstances.kubevirt.io', singular: 'virtualmachineinstance.kubevirt.io', group: 'kubevirt.io' },
  { kind: 'Secret', plural: 'secrets', singular: 'secret', group: '' },
  { kind: 'Service', plural: 'services', singular: 'service', group: '' },
  { kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', group: '' },
  { kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', group: '' },
  { kind: 'Pod', plural: 'pods', singular: 'pod', group: '' },
];

const ALIASES: Record<string, string> = {
  vm: 'VirtualMachine', vms: 'VirtualMachine', virtualmachine: 'VirtualMachine', virtualmachines: 'VirtualMachine',
  vmi: 'VirtualMachineInstance', vmis: 'VirtualMachineInstance', virtualmachineinstance: 'VirtualMachineInstance', virtualmachineinstances: 'VirtualMachineInstance',
  secret: 'Secret', secrets: 'Secret',
  svc: 'Service', service: 'Service', services: 'Service',
  ep: 'Endpoints', endpoint: 'Endpoints', endpoints: 'Endpoints',
  cm: 'ConfigMap', configmap: 'ConfigMap', configmaps: 'ConfigMap',
  po: 'Pod', pod: 'Pod', pods: 'Pod',
};

/** The resource types `kubectl get <TAB>` offers. */
export const RESOURCE_NAMES = ['vm', 'vmi', 'pods', 'secret', 'svc', 'endpoints', 'configmap', 'virtualmachines', 'virtualmachineinstances', 'services'];
export const KUBECTL_VERBS = ['apply', 'create', 'get', 'describe', 'delete', 'version', 'config', 'help'];

export function resourceOf(word: string): Resource | undefined {
  const w = word.toLowerCase().replace(/\.kubevirt\.io$/, '');
  const kind = ALIASES[w];
  return kind ? RESOURCES.find((r) => r.kind === kind) : undefined;
}

export const byKind = (kind: string) => RESOURCES.find((r) => r.kind === kind);

export function closest(word: string, choices: string[]): string {
  let best = choices[0]!;
  let score = Infinity;
  for (const c of choices) {
    const d = editDistance(word, c);
    if (d < score) [best, score] = [c, d];
  }
  return best;
}

export interface Target {
  res: Resource;
  name?: string;
}

export function targets(ctx: CommandContext, flags: Flags, verb: string): Target[] | undefined {
  const { io } = ctx;
  const pos = flags.positional;
  if (!pos.length) {
    io.out(
      verb === 'get'
        ? 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n'
        : `error: You must provide one or more resources by argument or filename.\n`,
    );
    return undefined;
  }
  const out: Target[] = [];
  if (pos[0]!.includes('/')) {
    for (const p of pos) {
      const [t, n] = p.split('/', 2);
      const res = resourceOf(t ?? '');
      if (!res) {
        io.out(`error: the server doesn't have a resource type "${t}"\n`);
        return undefined;
      }
      if (!n) {
        io.out(`error: arguments in resource/name form must have a single resource and name\n`);
        return undefined;
      }
      out.push({ res, name: n });
    }
    return out;
  }
  const types = pos[0]!.split(',');
  const names = pos.slice(1);
  for (const t of types) {
    const res = resourceOf(t);
    if (!res) {
      io.out(`error: the server doesn't have a resource type "${t}"\n`);
      return undefined;
    }
    if (names.length) for (const n of names) out.push({ res, name: n });
    else out.push({ res });
  }
  return out;
}

export const notFound = (res: Resource, name: string) => `Error from server (NotFound): ${res.plural} "${name}" not found`;
