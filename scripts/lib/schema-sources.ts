// The upstream API specs gen-schemas reads, and how each becomes swagger-style definitions
// (`#/definitions/NAME`) in one namespace: KubeVirt's swagger (names as they are), Kubernetes'
// OpenAPI v3 (`io.k8s.…`, components → definitions), CDI's swagger (prefixed `cdi.`, its names
// clash with KubeVirt's copies) and CRD YAML (`crd.GROUP.VERSION.Kind`, metadata → ObjectMeta).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

/** Which part of the cluster serves a kind (the cluster profile turns parts on and off). */
export type Component = 'kubernetes' | 'kubevirt' | 'cdi' | 'multus' | 'prometheus-operator';

export interface KindSpec {
  kind: string;
  apiVersion: string;
  def: string;
  component: Component;
  /** Older versions the same CRD still serves, validated with this version's schema. */
  alsoServed?: string[];
}

/** Files under --sources (see docs/validators.md "Schemas"): upstream path → where it came from. */
export const K8S_VERSION = '1.32';
export const CDI_VERSION = 'v1.66.0';
export const PROMETHEUS_OPERATOR_VERSION = 'v0.93.0';
export const MULTUS_CRD = 'network-attachment-definition-crd.yaml';
const K8S_FILES: Record<string, string> = {
  v1: 'api__v1_openapi.json',
  'apps/v1': 'apis__apps__v1_openapi.json',
  'batch/v1': 'apis__batch__v1_openapi.json',
  'networking.k8s.io/v1': 'apis__networking.k8s.io__v1_openapi.json',
  // v2 first: the preferred version (the one a kind's hints name first).
  'autoscaling/v2': 'apis__autoscaling__v2_openapi.json',
  'autoscaling/v1': 'apis__autoscaling__v1_openapi.json',
  'policy/v1': 'apis__policy__v1_openapi.json',
  'rbac.authorization.k8s.io/v1': 'apis__rbac.authorization.k8s.io__v1_openapi.json',
  'storage.k8s.io/v1': 'apis__storage.k8s.io__v1_openapi.json',
};
export const CDI_SWAGGER = `cdi-${CDI_VERSION}-swagger.json`;
export const CDI_STORAGEPROFILE_CRD = `cdi-${CDI_VERSION}-storageprofile-crd.yaml`;
const PROM_CRDS = ['monitoring.coreos.com_servicemonitors.yaml', 'monitoring.coreos.com_podmonitors.yaml', 'monitoring.coreos.com_prometheusrules.yaml'];

/** Every source file under --sources, relative. */
export const SOURCE_FILES = [...Object.values(K8S_FILES).map((f) => `kubernetes-${K8S_VERSION}/${f}`), CDI_SWAGGER, CDI_STORAGEPROFILE_CRD, MULTUS_CRD, ...PROM_CRDS];

/** The Kubernetes kinds a training may write, per group/version (the lists, statuses and
 *  subresources of the spec are left out). */
const K8S_KINDS: Record<string, string[]> = {
  v1: ['Pod', 'Service', 'ConfigMap', 'Secret', 'Namespace', 'PersistentVolumeClaim', 'PersistentVolume', 'ServiceAccount', 'Endpoints', 'LimitRange', 'ResourceQuota', 'ReplicationController', 'PodTemplate', 'Event', 'Node'],
  'apps/v1': ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'],
  'batch/v1': ['Job', 'CronJob'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'autoscaling/v1': ['HorizontalPodAutoscaler'],
  'policy/v1': ['PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  'storage.k8s.io/v1': ['StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode', 'CSIStorageCapacity'],
};

/** KubeVirt v1.9.0's kinds (from its swagger); alsoServed: the older versions its CRDs keep serving. */
const KUBEVIRT_KINDS: KindSpec[] = [
  ['VirtualMachine', 'kubevirt.io/v1', 'v1.VirtualMachine'],
  ['VirtualMachineInstance', 'kubevirt.io/v1', 'v1.VirtualMachineInstance'],
  ['VirtualMachineInstanceReplicaSet', 'kubevirt.io/v1', 'v1.VirtualMachineInstanceReplicaSet'],
  ['VirtualMachineInstanceMigration', 'kubevirt.io/v1', 'v1.VirtualMachineInstanceMigration'],
  ['VirtualMachineInstancePreset', 'kubevirt.io/v1', 'v1.VirtualMachineInstancePreset'],
  ['KubeVirt', 'kubevirt.io/v1', 'v1.KubeVirt'],
  ['VirtualMachineExport', 'export.kubevirt.io/v1', 'v1.VirtualMachineExport', ['export.kubevirt.io/v1beta1', 'export.kubevirt.io/v1alpha1']],
  ['MigrationPolicy', 'migrations.kubevirt.io/v1alpha1', 'v1alpha1.MigrationPolicy'],
  ['VirtualMachineBackup', 'backup.kubevirt.io/v1alpha1', 'v1alpha1.VirtualMachineBackup'],
  ['VirtualMachineClone', 'clone.kubevirt.io/v1beta1', 'v1beta1.VirtualMachineClone', ['clone.kubevirt.io/v1alpha1']],
  ['VirtualMachineInstancetype', 'instancetype.kubevirt.io/v1beta1', 'v1beta1.VirtualMachineInstancetype', ['instancetype.kubevirt.io/v1alpha2', 'instancetype.kubevirt.io/v1alpha1']],
  ['VirtualMachineClusterInstancetype', 'instancetype.kubevirt.io/v1beta1', 'v1beta1.VirtualMachineClusterInstancetype', ['instancetype.kubevirt.io/v1alpha2', 'instancetype.kubevirt.io/v1alpha1']],
  ['VirtualMachinePreference', 'instancetype.kubevirt.io/v1beta1', 'v1beta1.VirtualMachinePreference', ['instancetype.kubevirt.io/v1alpha2', 'instancetype.kubevirt.io/v1alpha1']],
  ['VirtualMachineClusterPreference', 'instancetype.kubevirt.io/v1beta1', 'v1beta1.VirtualMachineClusterPreference', ['instancetype.kubevirt.io/v1alpha2', 'instancetype.kubevirt.io/v1alpha1']],
  ['VirtualMachinePool', 'pool.kubevirt.io/v1beta1', 'v1beta1.VirtualMachinePool', ['pool.kubevirt.io/v1alpha1']],
  ['VirtualMachineSnapshot', 'snapshot.kubevirt.io/v1beta1', 'v1beta1.VirtualMachineSnapshot', ['snapshot.kubevirt.io/v1alpha1']],
  ['VirtualMachineSnapshotContent', 'snapshot.kubevirt.io/v1beta1', 'v1beta1.VirtualMachineSnapshotContent', ['snapshot.kubevirt.io/v1alpha1']],
  ['VirtualMachineRestore', 'snapshot.kubevirt.io/v1beta1', 'v1beta1.VirtualMachineRestore', ['snapshot.kubevirt.io/v1alpha1']],
].map(([kind, apiVersion, def, alsoServed]) => ({ kind: kind as string, apiVersion: apiVersion as string, def: def as string, component: 'kubevirt' as const, ...(alsoServed ? { alsoServed: alsoServed as string[] } : {}) }));

const CDI_KINDS = ['DataVolume', 'DataSource', 'DataImportCron', 'CDI', 'CDIConfig'];

function rewriteRefs(node: unknown, map: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, map));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  // OpenAPI v3 wraps a ref that carries a default or description: {allOf: [{$ref}], default: {}}.
  if (Array.isArray(src.allOf) && src.allOf.length === 1 && (src.allOf[0] as Json).$ref && !src.properties) {
    return { ...rewriteRefs({ ...src, allOf: undefined }, map) as Json, $ref: map(String((src.allOf[0] as Json).$ref)) };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined) continue;
    if (k === '$ref' && typeof v === 'string') out[k] = map(v);
    else if (k === 'properties' || k === 'definitions') out[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, rewriteRefs(s, map)]));
    else out[k] = rewriteRefs(v, map);
  }
  return out;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** A CRD's version schema as a definition: the API server adds apiVersion, kind and ObjectMeta. */
function crdDefinition(schema: Json): Json {
  const props = { ...((schema.properties ?? {}) as Json) };
  props.apiVersion = { type: 'string' };
  props.kind = { type: 'string' };
  props.metadata = { $ref: `#/definitions/${OBJECT_META}` };
  return { ...schema, type: 'object', properties: props };
}

export interface LoadedSources {
  definitions: Record<string, Json>;
  kinds: KindSpec[];
  /** What each source file was, for the generated files' headers. */
  from: string[];
}

function readJson(f: string): Json {
  return JSON.parse(readFileSync(f, 'utf8')) as Json;
}

/** The files under `sources` that are missing (empty when gen-schemas can run). */
export function missingSources(sources: string): string[] {
  return SOURCE_FILES.filter((f) => !existsSync(join(sources, f)));
}

/** Reads the Kubernetes, CDI and add-on sources; the KubeVirt swagger's definitions come in as `kubevirt`. */
export function loadSources(sources: string, kubevirt: Record<string, Json>): LoadedSources {
  const definitions: Record<string, Json> = { ...kubevirt };
  const kinds: KindSpec[] = [...KUBEVIRT_KINDS];
  for (const [gv, file] of Object.entries(K8S_FILES)) {
    const doc = readJson(join(sources, `kubernetes-${K8S_VERSION}`, file));
    const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
    const rw = rewriteRefs(schemas, (r) => r.replace('#/components/schemas/', '#/definitions/')) as Record<string, Json>;
    Object.assign(definitions, rw);
    const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
    for (const kind of K8S_KINDS[gv] ?? []) {
      const def = Object.entries(rw).find(([, s]) => ((s['x-kubernetes-group-version-kind'] ?? []) as Json[]).some((g) => g.group === group && g.version === version && g.kind === kind))?.[0];
      if (!def) throw new Error(`gen-schemas: ${gv} ${kind} is not in ${file}`);
      kinds.push({ kind, apiVersion: gv, def, component: 'kubernetes' });
    }
  }
  const cdi = readJson(join(sources, CDI_SWAGGER));
  const cdiDefs = rewriteRefs(cdi.definitions, (r) => r.replace('#/definitions/', '#/definitions/cdi.')) as Record<string, Json>;
  for (const [n, s] of Object.entries(cdiDefs)) definitions[`cdi.${n}`] = s;
  for (const kind of CDI_KINDS) kinds.push({ kind, apiVersion: 'cdi.kubevirt.io/v1beta1', def: `cdi.v1beta1.${kind}`, component: 'cdi' });
  const crds: [string, Component][] = [[CDI_STORAGEPROFILE_CRD, 'cdi'], [MULTUS_CRD, 'multus'], ...PROM_CRDS.map((f) => [f, 'prometheus-operator'] as [string, Component])];
  for (const [file, component] of crds) {
    const crd = parse(readFileSync(join(sources, file), 'utf8')) as Json;
    const spec = crd.spec as { group: string; names: { kind: string }; versions: { name: string; served: boolean; storage?: boolean; schema?: { openAPIV3Schema: Json } }[] };
    const served = spec.versions.filter((v) => v.served && v.schema);
    const main = served.find((v) => v.storage) ?? served[0];
    if (!main) throw new Error(`gen-schemas: ${file} serves no version with a schema`);
    const def = `crd.${spec.group}.${main.name}.${spec.names.kind}`;
    definitions[def] = crdDefinition(main.schema!.openAPIV3Schema);
    const others = served.filter((v) => v !== main).map((v) => `${spec.group}/${v.name}`);
    kinds.push({ kind: spec.names.kind, apiVersion: `${spec.group}/${main.name}`, def, component, ...(others.length ? { alsoServed: others } : {}) });
  }
  const from = [`Kubernetes ${K8S_VERSION} api/openapi-spec/v3`, `CDI ${CDI_VERSION} api/openapi-spec/swagger.json and its StorageProfile CRD`, 'multus NetworkAttachmentDefinition CRD', `prometheus-operator ${PROMETHEUS_OPERATOR_VERSION} CRDs`];
  return { definitions, kinds, from };
}

/** The definitions reachable from `roots`. */
export function reachable(all: Record<string, Json>, roots: string[]): Set<string> {
  const wanted = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const d = queue.pop()!;
    if (wanted.has(d)) continue;
    if (!all[d]) throw new Error(`gen-schemas: definition ${d} is not in the sources`);
    wanted.add(d);
    const refs = new Set<string>();
    refsOf(all[d], refs);
    for (const r of refs) if (!wanted.has(r)) queue.push(r);
  }
  return wanted;
}

export function refsOf(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.add(v.replace('#/definitions/', ''));
      else refsOf(v, out);
    }
  }
}
