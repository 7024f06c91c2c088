// The resource kinds the sandbox knows, their aliases, kubectl's TYPE[/NAME] arguments and its
// did-you-mean for a mistyped verb.
import { editDistance } from '../../validators/edit-distance.ts';
import type { CommandContext } from '../types.ts';
import type { Flags } from './flags.ts';
import { isNamespaced } from '../../simulator/objects.ts';

export interface Resource {
  kind: string;
  /** The plural.group kubectl names in messages. */
  plural: string;
  /** The singular form in `created`/`deleted` lines. */
  singular: string;
  group: string;
  namespaced: boolean;
  apiVersion: string;
}

// [kind, plural, apiVersion, short names]: what `kubectl api-resources` lists on a cluster with
// KubeVirt, CDI and the snapshot CRDs (short names as their CRDs declare them).
const TABLE: [string, string, string, string[]][] = [
  ['VirtualMachine', 'virtualmachines', 'kubevirt.io/v1', ['vm', 'vms']],
  ['VirtualMachineInstance', 'virtualmachineinstances', 'kubevirt.io/v1', ['vmi', 'vmis']],
  ['VirtualMachineInstanceReplicaSet', 'virtualmachineinstancereplicasets', 'kubevirt.io/v1', ['vmirs', 'vmirss']],
  ['VirtualMachineInstanceMigration', 'virtualmachineinstancemigrations', 'kubevirt.io/v1', ['vmim', 'vmims']],
  ['VirtualMachineInstancePreset', 'virtualmachineinstancepresets', 'kubevirt.io/v1', ['vmipreset', 'vmipresets']],
  ['KubeVirt', 'kubevirts', 'kubevirt.io/v1', ['kv', 'kvs']],
  ['VirtualMachinePool', 'virtualmachinepools', 'pool.kubevirt.io/v1beta1', ['vmpool', 'vmpools']],
  ['VirtualMachineInstancetype', 'virtualmachineinstancetypes', 'instancetype.kubevirt.io/v1beta1', ['vminstancetype', 'vminstancetypes', 'vmf', 'vmfs']],
  ['VirtualMachineClusterInstancetype', 'virtualmachineclusterinstancetypes', 'instancetype.kubevirt.io/v1beta1', ['vmclusterinstancetype', 'vmclusterinstancetypes', 'vmcf', 'vmcfs']],
  ['VirtualMachinePreference', 'virtualmachinepreferences', 'instancetype.kubevirt.io/v1beta1', ['vmpref', 'vmprefs', 'vmp', 'vmps']],
  ['VirtualMachineClusterPreference', 'virtualmachineclusterpreferences', 'instancetype.kubevirt.io/v1beta1', ['vmcp', 'vmcps']],
  ['VirtualMachineSnapshot', 'virtualmachinesnapshots', 'snapshot.kubevirt.io/v1beta1', ['vmsnapshot', 'vmsnapshots']],
  ['VirtualMachineSnapshotContent', 'virtualmachinesnapshotcontents', 'snapshot.kubevirt.io/v1beta1', ['vmsnapshotcontent', 'vmsnapshotcontents']],
  ['VirtualMachineRestore', 'virtualmachinerestores', 'snapshot.kubevirt.io/v1beta1', ['vmrestore', 'vmrestores']],
  ['VirtualMachineExport', 'virtualmachineexports', 'export.kubevirt.io/v1', ['vmexport', 'vmexports']],
  ['VirtualMachineClone', 'virtualmachineclones', 'clone.kubevirt.io/v1beta1', ['vmclone', 'vmclones']],
  ['MigrationPolicy', 'migrationpolicies', 'migrations.kubevirt.io/v1alpha1', []],
  ['DataVolume', 'datavolumes', 'cdi.kubevirt.io/v1beta1', ['dv', 'dvs']],
  ['DataSource', 'datasources', 'cdi.kubevirt.io/v1beta1', []],
  ['StorageProfile', 'storageprofiles', 'cdi.kubevirt.io/v1beta1', []],
  ['CDI', 'cdis', 'cdi.kubevirt.io/v1beta1', ['cdi', 'cdis']],
  ['VolumeSnapshot', 'volumesnapshots', 'snapshot.storage.k8s.io/v1', ['vs']],
  ['VolumeSnapshotClass', 'volumesnapshotclasses', 'snapshot.storage.k8s.io/v1', ['vsclass', 'vsclasses']],
  ['Pod', 'pods', 'v1', ['po']],
  ['Secret', 'secrets', 'v1', []],
  ['ConfigMap', 'configmaps', 'v1', ['cm']],
  ['Service', 'services', 'v1', ['svc']],
  ['Endpoints', 'endpoints', 'v1', ['ep']],
  ['Event', 'events', 'v1', ['ev']],
  ['Node', 'nodes', 'v1', ['no']],
  ['Namespace', 'namespaces', 'v1', ['ns']],
  ['PersistentVolumeClaim', 'persistentvolumeclaims', 'v1', ['pvc']],
  ['PersistentVolume', 'persistentvolumes', 'v1', ['pv']],
  ['ServiceAccount', 'serviceaccounts', 'v1', ['sa']],
  ['Deployment', 'deployments', 'apps/v1', ['deploy']],
  ['ReplicaSet', 'replicasets', 'apps/v1', ['rs']],
  ['StatefulSet', 'statefulsets', 'apps/v1', ['sts']],
  ['ControllerRevision', 'controllerrevisions', 'apps/v1', []],
  ['DaemonSet', 'daemonsets', 'apps/v1', ['ds']],
  ['Job', 'jobs', 'batch/v1', []],
  ['CronJob', 'cronjobs', 'batch/v1', ['cj']],
  ['HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'autoscaling/v2', ['hpa']],
  ['Ingress', 'ingresses', 'networking.k8s.io/v1', ['ing']],
  ['NetworkPolicy', 'networkpolicies', 'networking.k8s.io/v1', ['netpol']],
  ['StorageClass', 'storageclasses', 'storage.k8s.io/v1', ['sc']],
  ['Role', 'roles', 'rbac.authorization.k8s.io/v1', []],
  ['RoleBinding', 'rolebindings', 'rbac.authorization.k8s.io/v1', []],
  ['ClusterRole', 'clusterroles', 'rbac.authorization.k8s.io/v1', []],
  ['ClusterRoleBinding', 'clusterrolebindings', 'rbac.authorization.k8s.io/v1', []],
];

const RESOURCES: Resource[] = TABLE.map(([kind, plural, apiVersion]) => {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const singularBase = kind.toLowerCase();
  return { kind, plural: group ? `${plural}.${group}` : plural, singular: group ? `${singularBase}.${group}` : singularBase, group, namespaced: isNamespaced(kind), apiVersion };
});

const ALIASES: Record<string, string> = {};
for (const [kind, plural, , short] of TABLE) for (const a of [kind.toLowerCase(), plural, ...short]) ALIASES[a] = kind;

/** The resource types `kubectl get <TAB>` offers. */
export const RESOURCE_NAMES = ['vm', 'vmi', 'pods', 'nodes', 'events', 'secret', 'svc', 'endpoints', 'configmap', 'pvc', 'dv', 'deployments', 'vmirs', 'vmpool', 'virtualmachines', 'virtualmachineinstances', 'services'];
export const KUBECTL_VERBS = ['annotate', 'apply', 'create', 'delete', 'describe', 'edit', 'explain', 'get', 'label', 'logs', 'patch', 'scale', 'autoscale', 'version', 'wait', 'config', 'help'];

export function resourceOf(word: string): Resource | undefined {
  const lw = word.toLowerCase();
  // TYPE may carry its group (virtualmachines.kubevirt.io, deployments.apps) or version
  const dot = lw.indexOf('.');
  const w = dot > 0 && !ALIASES[lw] ? lw.slice(0, dot) : lw;
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
