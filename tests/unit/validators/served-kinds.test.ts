// Every API group kvlab now serves: one accepted manifest and one refused (an unknown field or a
// wrong type: stage, message, path and line), plus what a version-specific schema changes.
import { describe, expect, it } from 'vitest';
import { validateText } from '../../../validators/index.ts';

interface Case { kind: string; apiVersion: string; body: string; after: string; insert: string; path: string; message?: string }

const head = (apiVersion: string, kind: string, name = 'lab') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
const unknown = (kind: string, apiVersion: string, path: string) => `${kind} in version "${apiVersion.split('/').pop()}" cannot be handled as a ${kind}: strict decoding error: unknown field "${path}"`;

const CASES: Case[] = [
  { kind: 'Pod', apiVersion: 'v1', body: 'spec:\n  containers:\n    - name: web\n      image: nginx\n', after: 'spec:', insert: '  restartPolicyy: Always', path: 'spec.restartPolicyy' },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', body: 'spec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n', after: 'spec:', insert: '  storageClass: x', path: 'spec.storageClass' },
  { kind: 'Deployment', apiVersion: 'apps/v1', body: 'spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n', after: 'spec:', insert: '  replica: 2', path: 'spec.replica' },
  { kind: 'Job', apiVersion: 'batch/v1', body: 'spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: busybox\n', after: 'spec:', insert: '  backofLimit: 2', path: 'spec.backofLimit' },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', body: 'spec:\n  rules:\n    - host: lab.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80\n', after: 'spec:', insert: '  backend: {}', path: 'spec.backend' },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', body: 'spec:\n  maxReplicas: 3\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n', after: 'spec:', insert: '  targetCPUUtilizationPercentage: 50', path: 'spec.targetCPUUtilizationPercentage' },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1', body: 'spec:\n  maxReplicas: 3\n  targetCPUUtilizationPercentage: 50\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n', after: 'spec:', insert: '  metrics: []', path: 'spec.metrics' },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', body: 'spec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n', after: 'spec:', insert: '  maxUnavailble: 1', path: 'spec.maxUnavailble' },
  { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', body: 'rules:\n  - apiGroups: [kubevirt.io]\n    resources: [virtualmachines]\n    verbs: [get, list]\n', after: '    verbs: [get, list]', insert: '    resourceName: [x]', path: 'rules[0].resourceName' },
  { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', body: 'provisioner: driver.longhorn.io\nallowVolumeExpansion: true\n', after: 'provisioner: driver.longhorn.io', insert: 'volumeBindingmode: WaitForFirstConsumer', path: 'volumeBindingmode' },
  { kind: 'DataVolume', apiVersion: 'cdi.kubevirt.io/v1beta1', body: 'spec:\n  source:\n    registry:\n      url: docker://quay.io/containerdisks/fedora:40\n  storage:\n    resources:\n      requests:\n        storage: 10Gi\n', after: 'spec:', insert: '  sourceRf: {}', path: 'spec.sourceRf' },
  { kind: 'DataSource', apiVersion: 'cdi.kubevirt.io/v1beta1', body: 'spec:\n  source:\n    pvc:\n      name: fedora\n      namespace: images\n', after: 'spec:', insert: '  sorce: {}', path: 'spec.sorce' },
  { kind: 'DataImportCron', apiVersion: 'cdi.kubevirt.io/v1beta1', body: 'spec:\n  schedule: "0 */12 * * *"\n  managedDataSource: fedora\n  template:\n    spec:\n      source:\n        registry:\n          url: docker://quay.io/containerdisks/fedora:latest\n      storage:\n        resources:\n          requests:\n            storage: 5Gi\n', after: 'spec:', insert: '  garbageCollection: Outdated\n  importsToKep: 2', path: 'spec.importsToKep' },
  { kind: 'StorageProfile', apiVersion: 'cdi.kubevirt.io/v1beta1', body: 'spec:\n  claimPropertySets:\n    - accessModes: [ReadWriteMany]\n      volumeMode: Block\n', after: 'spec:', insert: '  cloneStrateg: csi-clone', path: 'spec.cloneStrateg' },
  { kind: 'CDI', apiVersion: 'cdi.kubevirt.io/v1beta1', body: 'spec:\n  imagePullPolicy: IfNotPresent\n', after: 'spec:', insert: '  uninstallStrategy: RemoveWorkloads\n  configg: {}', path: 'spec.configg' },
  { kind: 'CDIConfig', apiVersion: 'cdi.kubevirt.io/v1beta1', body: 'spec:\n  scratchSpaceStorageClass: local\n', after: 'spec:', insert: '  uploadProxyURLOverrid: x', path: 'spec.uploadProxyURLOverrid' },
  { kind: 'VirtualMachineInstancetype', apiVersion: 'instancetype.kubevirt.io/v1beta1', body: 'spec:\n  cpu:\n    guest: 1\n  memory:\n    guest: 1Gi\n', after: 'spec:', insert: '  cpus: {}', path: 'spec.cpus' },
  { kind: 'VirtualMachineClusterPreference', apiVersion: 'instancetype.kubevirt.io/v1beta1', body: 'spec:\n  devices:\n    preferredDiskBus: virtio\n', after: 'spec:', insert: '  device: {}', path: 'spec.device' },
  { kind: 'VirtualMachinePool', apiVersion: 'pool.kubevirt.io/v1alpha1', body: 'spec:\n  replicas: 2\n  selector:\n    matchLabels: {pool: web}\n  virtualMachineTemplate:\n    metadata:\n      labels: {pool: web}\n    spec:\n      runStrategy: Always\n      template:\n        spec:\n          domain:\n            devices: {}\n            resources:\n              requests: {memory: 128Mi}\n', after: 'spec:', insert: '  replica: 2', path: 'spec.replica' },
  { kind: 'VirtualMachineSnapshot', apiVersion: 'snapshot.kubevirt.io/v1beta1', body: 'spec:\n  source:\n    apiGroup: kubevirt.io\n    kind: VirtualMachine\n    name: lab06-vm\n', after: 'spec:', insert: '  sourc: {}', path: 'spec.sourc' },
  { kind: 'VirtualMachineRestore', apiVersion: 'snapshot.kubevirt.io/v1beta1', body: 'spec:\n  target:\n    apiGroup: kubevirt.io\n    kind: VirtualMachine\n    name: lab06-vm\n  virtualMachineSnapshotName: snap\n', after: 'spec:', insert: '  targt: {}', path: 'spec.targt' },
  { kind: 'MigrationPolicy', apiVersion: 'migrations.kubevirt.io/v1alpha1', body: 'spec:\n  allowAutoConverge: true\n  selectors:\n    namespaceSelector:\n      lab: migration\n', after: 'spec:', insert: '  allowPostcopy: yes\n  bandwidthPerMigrate: 1Gi', path: 'spec.bandwidthPerMigrate' },
  { kind: 'VirtualMachineExport', apiVersion: 'export.kubevirt.io/v1', body: 'spec:\n  source:\n    apiGroup: kubevirt.io\n    kind: VirtualMachine\n    name: lab06-vm\n', after: 'spec:', insert: '  tokenSecretRf: t', path: 'spec.tokenSecretRf' },
  { kind: 'VirtualMachineClone', apiVersion: 'clone.kubevirt.io/v1beta1', body: 'spec:\n  source:\n    apiGroup: kubevirt.io\n    kind: VirtualMachine\n    name: lab06-vm\n', after: 'spec:', insert: '  targett: {}', path: 'spec.targett' },
  { kind: 'NetworkAttachmentDefinition', apiVersion: 'k8s.cni.cncf.io/v1', body: 'spec:\n  config: \'{"cniVersion": "0.3.1", "type": "bridge"}\'\n', after: 'spec:', insert: '  confg: x', path: 'spec.confg' },
  { kind: 'ServiceMonitor', apiVersion: 'monitoring.coreos.com/v1', body: 'spec:\n  endpoints:\n    - port: metrics\n      interval: 30s\n  selector:\n    matchLabels: {app: web}\n', after: '      interval: 30s', insert: '      intervall: 10s', path: 'spec.endpoints[0].intervall' },
  { kind: 'PodMonitor', apiVersion: 'monitoring.coreos.com/v1', body: 'spec:\n  podMetricsEndpoints:\n    - port: metrics\n  selector:\n    matchLabels: {app: web}\n', after: 'spec:', insert: '  endpoints: []', path: 'spec.endpoints' },
  { kind: 'PrometheusRule', apiVersion: 'monitoring.coreos.com/v1', body: 'spec:\n  groups:\n    - name: vm\n      rules:\n        - alert: VMDown\n          expr: kubevirt_vmi_phase_count == 0\n', after: '          expr: kubevirt_vmi_phase_count == 0', insert: '          for: 5m\n          severity: page', path: 'spec.groups[0].rules[0].severity' },
];

describe('served kinds: accepted and refused (schema stage)', () => {
  for (const c of CASES) {
    it(`${c.apiVersion} ${c.kind}`, () => {
      const good = head(c.apiVersion, c.kind) + c.body;
      const [ok] = validateText(good);
      // Only notes, or the cross-object warnings of a manifest naming objects not in the stream.
      expect(ok!.findings.filter((f) => f.severity !== 'info' && f.stage !== 'references'), `${c.kind} accepted`).toEqual([]);
      expect(ok!.valid).toBe(true);
      const lines = good.split('\n');
      const at = lines.indexOf(c.after);
      expect(at, `"${c.after}" is a line of the manifest`).toBeGreaterThan(0);
      lines.splice(at + 1, 0, c.insert);
      const bad = lines.join('\n');
      const [doc] = validateText(bad);
      expect(doc!.valid).toBe(false);
      const f = doc!.findings.find((x) => x.path === c.path);
      expect(f, JSON.stringify(doc!.findings, null, 1)).toMatchObject({ stage: 'schema', severity: 'error', message: c.message ?? unknown(c.kind, c.apiVersion, c.path) });
      const key = c.path.split('.').pop()!.replace(/\[\d+\]$/, '');
      expect(f!.line).toBe(bad.split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1);
    });
  }

  it('refuses a wrong type with the go-openapi wording, at the value', () => {
    const text = `${head('storage.k8s.io/v1', 'StorageClass')}provisioner: driver.longhorn.io\nallowVolumeExpansion: "true"\n`;
    const f = validateText(text)[0]!.findings.find((x) => x.severity === 'error')!;
    expect(f).toMatchObject({ stage: 'schema', path: 'allowVolumeExpansion', line: 6, column: 23, message: 'allowVolumeExpansion in body must be of type boolean: "true"' });
    const dv = `${head('cdi.kubevirt.io/v1beta1', 'DataVolume')}spec:\n  source:\n    http:\n      url: https://example.com/disk.img\n  storage:\n    resources:\n      requests:\n        storage: [1Gi]\n`;
    const g = validateText(dv)[0]!.findings.find((x) => x.severity === 'error')!;
    expect(g).toMatchObject({ stage: 'schema', path: 'spec.storage.resources.requests.storage', line: 12, message: 'spec.storage.resources.requests.storage in body must be of type string or integer or number: "array"' });
  });

  it('keeps unknown fields where the schema keeps them (x-kubernetes-preserve-unknown-fields)', () => {
    const text = `${head('kubevirt.io/v1', 'VirtualMachineInstanceReplicaSet')}spec:\n  replicas: 1\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      domain:\n        devices: {}\n        resources:\n          requests: {memory: 64Mi}\n`;
    expect(validateText(text)[0]!.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('notes a served kind kvlab has no rules for, without making the file invalid even with strict', () => {
    const text = `${head('monitoring.coreos.com/v1', 'ServiceMonitor')}spec:\n  endpoints:\n    - port: metrics\n  selector: {}\n`;
    const [doc] = validateText(text, { strict: true });
    expect(doc!.valid).toBe(true);
    expect(doc!.findings).toHaveLength(1);
    expect(doc!.findings[0]).toMatchObject({ stage: 'schema', severity: 'info', path: 'kind', line: 2, column: 7 });
    expect(doc!.findings[0]!.message).toMatch(/^ServiceMonitor \(monitoring\.coreos\.com\/v1\) is checked against its schema and object metadata only/);
    // A kind with rules (here the API server's Service validation) gets no such note.
    const svc = `${head('v1', 'Service')}spec:\n  selector: {app: web}\n  ports:\n    - port: 80\n`;
    expect(validateText(svc)[0]!.findings).toEqual([]);
  });
});
