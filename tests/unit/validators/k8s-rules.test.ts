// The rules beyond the schema for Kubernetes kinds (stage `validation`), CDI's DataVolume webhook
// (stage `admission`) and the cross-object checks (`references`, and `admission` for a migration):
// per rule family a rejected case (stage, message, path, line) and an accepted one, via validateText.
import { describe, expect, it } from 'vitest';
import { BASE_VM, edit, findingsOf, lineOf } from './base.ts';

interface Case {
  id: string;
  kind: string;
  bad: string;
  stage: string;
  message: string;
  path: string;
  at: string;
  after?: string;
  severity?: 'error' | 'warning';
  good: string;
  /** Objects of the other files of the folder, given to the accepted case only. */
  related?: unknown[];
}

const SVC = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
`;
const CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  app.conf: "x=1"
`;
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: tls
type: kubernetes.io/tls
stringData:
  tls.crt: "c"
  tls.key: "k"
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
            limits:
              cpu: 500m
`;
const PVC = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
`;
const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;
const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 3
`;
const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: run
          image: busybox
`;
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: busybox
`;
const DV = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: fedora-dv
spec:
  source:
    registry:
      url: "docker://quay.io/containerdisks/fedora:40"
  storage:
    resources:
      requests:
        storage: 6Gi
`;
const DV_VM = edit(BASE_VM, ['        - name: containerdisk\n          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '        - name: containerdisk\n          dataVolume:\n            name: fedora-dv\n']);
const DVT_VM = edit(DV_VM, ['spec:\n  runStrategy: Halted\n', 'spec:\n  runStrategy: Halted\n  dataVolumeTemplates:\n    - metadata:\n        name: fedora-dv\n      spec:\n        source:\n          http:\n            url: "https://example.com/fedora.qcow2"\n        storage:\n          resources:\n            requests:\n              storage: 6Gi\n']);
const MIGRATION = `apiVersion: kubevirt.io/v1
kind: VirtualMachineInstanceMigration
metadata:
  name: mig
spec:
  vmiName: lab08-probe
`;
const SNAPSHOT = `apiVersion: snapshot.kubevirt.io/v1beta1
kind: VirtualMachineSnapshot
metadata:
  name: snap
spec:
  source:
    apiGroup: kubevirt.io
    kind: VirtualMachine
    name: lab08-probe
`;

const cases: Case[] = [
  // ObjectMeta (apimachinery objectmeta.go, every kind)
  { id: 'meta-name', kind: 'ConfigMap', bad: edit(CM, ['name: settings', 'name: My_Settings']), stage: 'validation',
    message: `metadata.name: Invalid value: "My_Settings": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    path: 'metadata.name', at: 'name: My_Settings', good: CM },
  { id: 'meta-name-vm', kind: 'VirtualMachine', bad: edit(BASE_VM, ['name: lab08-probe\nspec', 'name: Lab08\nspec']), stage: 'validation',
    message: `metadata.name: Invalid value: "Lab08": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    path: 'metadata.name', at: 'name: Lab08', good: BASE_VM },
  { id: 'meta-service-name', kind: 'Service', bad: edit(SVC, ['name: web\n  labels', 'name: 1web\n  labels']), stage: 'validation',
    message: `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    path: 'metadata.name', at: 'name: 1web', good: SVC },
  { id: 'meta-label-value', kind: 'Service', bad: edit(SVC, ['    app: web\nspec', '    app: web server\nspec']), stage: 'validation',
    message: `metadata.labels: Invalid value: "web server": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    path: 'metadata.labels.app', at: 'app: web server', good: SVC },
  { id: 'meta-label-key', kind: 'ConfigMap', bad: edit(CM, ['  name: settings\n', '  name: settings\n  labels:\n    -app: x\n']), stage: 'validation',
    message: `metadata.labels: Invalid value: "-app": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    path: 'metadata.labels.-app', at: '-app: x', good: edit(CM, ['  name: settings\n', '  name: settings\n  labels:\n    app.kubernetes.io/name: x\n']) },
  // Service (core validation.go ValidateService, validateServicePort)
  { id: 'svc-port-range', kind: 'Service', bad: edit(SVC, ['port: 80', 'port: 70000']), stage: 'validation',
    message: 'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', path: 'spec.ports[0].port', at: 'port: 70000', good: SVC },
  { id: 'svc-target-port-name', kind: 'Service', bad: edit(SVC, ['targetPort: 8080', 'targetPort: web_http']), stage: 'validation',
    message: 'spec.ports[0].targetPort: Invalid value: "web_http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', path: 'spec.ports[0].targetPort', at: 'targetPort: web_http',
    good: edit(SVC, ['targetPort: 8080', 'targetPort: web-http']) },
  { id: 'svc-duplicate-port', kind: 'Service', bad: edit(SVC, ['      targetPort: 8080\n', '      targetPort: 8080\n    - name: other\n      port: 80\n']), stage: 'validation',
    message: 'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}', path: 'spec.ports[1]', at: '- name: other',
    good: edit(SVC, ['      targetPort: 8080\n', '      targetPort: 8080\n    - name: dns\n      port: 80\n      protocol: UDP\n']) },
  { id: 'svc-port-name-required', kind: 'Service', bad: edit(SVC, ['      targetPort: 8080\n', '      targetPort: 8080\n    - port: 443\n']), stage: 'validation',
    message: 'spec.ports[1].name: Required value', path: 'spec.ports[1].name', at: '- port: 443', good: edit(SVC, ['      targetPort: 8080\n', '      targetPort: 8080\n    - port: 443\n      name: https\n']) },
  // ConfigMap / Secret (ValidateConfigMap, ValidateSecret)
  { id: 'cm-key', kind: 'ConfigMap', bad: edit(CM, ['app.conf:', 'app conf:']), stage: 'validation',
    message: `data[app conf]: Invalid value: "app conf": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    path: 'data.app conf', at: 'app conf:', good: CM },
  { id: 'secret-tls', kind: 'Secret', bad: edit(SECRET, ['  tls.key: "k"\n', '']), stage: 'validation', message: 'data[tls.key]: Required value', path: 'stringData', at: 'stringData:', good: SECRET },
  // PVC (ValidatePersistentVolumeClaimSpec)
  { id: 'pvc-access-mode', kind: 'PersistentVolumeClaim', bad: edit(PVC, ['- ReadWriteOnce', '- ReadWriteOnly']), stage: 'validation',
    message: 'spec.accessModes: Unsupported value: "ReadWriteOnly": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"', path: 'spec.accessModes', at: 'accessModes:', good: PVC },
  { id: 'pvc-storage', kind: 'PersistentVolumeClaim', bad: edit(PVC, ['storage: 1Gi', 'storage: "0"']), stage: 'validation',
    message: 'spec.resources[storage]: Invalid value: "0": must be greater than zero', path: 'spec.resources.requests.storage', at: 'storage: "0"', good: PVC },
  { id: 'pvc-storage-missing', kind: 'PersistentVolumeClaim', bad: edit(PVC, ['    requests:\n      storage: 1Gi\n', '    limits:\n      storage: 1Gi\n']), stage: 'validation',
    message: 'spec.resources[storage]: Required value', path: 'spec.resources', at: 'resources:', good: PVC },
  // Deployment (apps validation.go ValidateDeploymentSpec)
  { id: 'deploy-selector', kind: 'Deployment', bad: edit(DEPLOY, ['        app: web\n    spec', '        app: webserver\n    spec']), stage: 'validation',
    message: 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"webserver"}: `selector` does not match template `labels`', path: 'spec.template.metadata.labels', at: 'labels:', after: 'template:', good: DEPLOY },
  { id: 'deploy-selector-required', kind: 'Deployment', bad: edit(DEPLOY, ['  selector:\n    matchLabels:\n      app: web\n', '  selector: {}\n']), stage: 'validation',
    message: 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment', path: 'spec.selector', at: 'selector: {}', good: DEPLOY },
  { id: 'deploy-requests', kind: 'Deployment', bad: edit(DEPLOY, ['cpu: 100m', 'cpu: "1"']), stage: 'validation',
    message: 'spec.template.spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m', path: 'spec.template.spec.containers[0].resources.requests.cpu', at: 'cpu: "1"', good: DEPLOY },
  { id: 'deploy-quantity', kind: 'Deployment', bad: edit(DEPLOY, ['cpu: 100m', 'cpu: 100 m']), stage: 'schema',
    message: `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`, path: 'spec.template.spec.containers[0].resources.requests.cpu', at: 'cpu: 100 m', good: DEPLOY },
  { id: 'deploy-container-port', kind: 'Deployment', bad: edit(DEPLOY, ['containerPort: 8080', 'containerPort: 0']), stage: 'validation',
    message: 'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive', path: 'spec.template.spec.containers[0].ports[0].containerPort', at: 'containerPort: 0', good: DEPLOY },
  // Job, Pod
  { id: 'job-restart', kind: 'Job', bad: edit(JOB, ['      restartPolicy: Never\n', '']), stage: 'validation',
    message: 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"', path: 'spec.template.spec.restartPolicy', at: 'spec:', after: 'template:', good: JOB },
  { id: 'pod-container-name', kind: 'Pod', bad: edit(POD, ['- name: c', '- name: C']), stage: 'validation',
    message: `spec.containers[0].name: Invalid value: "C": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    path: 'spec.containers[0].name', at: '- name: C', good: POD },
  // Ingress (networking validation.go validateIngressBackend, validateHTTPIngressPath)
  { id: 'ingress-port', kind: 'Ingress', bad: edit(INGRESS, ['                port:\n                  number: 80\n', '                port: {}\n']), stage: 'validation',
    message: 'spec.rules[0].http.paths[0].backend: Required value: port name or number is required', path: 'spec.rules[0].http.paths[0].backend', at: 'backend:', good: INGRESS },
  { id: 'ingress-path', kind: 'Ingress', bad: edit(INGRESS, ['- path: /', '- path: app']), stage: 'validation',
    message: 'spec.rules[0].http.paths[0].path: Invalid value: "app": must be an absolute path', path: 'spec.rules[0].http.paths[0].path', at: '- path: app', good: INGRESS },
  { id: 'ingress-host', kind: 'Ingress', bad: edit(INGRESS, ['host: web.example.com', 'host: Web.example.com']), stage: 'validation',
    message: `spec.rules[0].host: Invalid value: "Web.example.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    path: 'spec.rules[0].host', at: 'host: Web', good: INGRESS },
  // HPA (autoscaling validation.go validateHorizontalPodAutoscalerSpec)
  { id: 'hpa-min-max', kind: 'HorizontalPodAutoscaler', bad: edit(HPA, ['maxReplicas: 3', 'maxReplicas: 0']), stage: 'validation',
    message: 'spec.maxReplicas: Invalid value: 0: must be greater than 0', path: 'spec.maxReplicas', at: 'maxReplicas: 0', good: HPA },
  { id: 'hpa-min-above-max', kind: 'HorizontalPodAutoscaler', bad: edit(HPA, ['minReplicas: 1', 'minReplicas: 5']), stage: 'validation',
    message: 'spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`', path: 'spec.maxReplicas', at: 'maxReplicas: 3', good: HPA },
  { id: 'hpa-min-zero', kind: 'HorizontalPodAutoscaler', bad: edit(HPA, ['minReplicas: 1', 'minReplicas: 0']), stage: 'validation',
    message: 'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1', path: 'spec.minReplicas', at: 'minReplicas: 0', good: HPA },
  // CDI DataVolume webhook (datavolume-validate.go, util.go)
  { id: 'dv-source-and-ref', kind: 'DataVolume', bad: edit(DV, ['  storage:\n', '  sourceRef:\n    kind: DataSource\n    name: fedora\n  storage:\n']), stage: 'admission',
    message: 'Data volume should have either Source or SourceRef, or be externally populated', path: 'spec.sourceRef', at: 'sourceRef:', good: DV },
  { id: 'dv-no-source', kind: 'DataVolume', bad: edit(DV, ['  source:\n    registry:\n      url: "docker://quay.io/containerdisks/fedora:40"\n', '']), stage: 'admission',
    message: 'Data volume should have either Source or SourceRef, or be externally populated', path: 'spec', at: 'spec:', good: DV },
  { id: 'dv-pvc-and-storage', kind: 'DataVolume', bad: edit(DV, ['  storage:\n', '  pvc:\n    accessModes: [ReadWriteOnce]\n    resources:\n      requests:\n        storage: 1Gi\n  storage:\n']), stage: 'admission',
    message: 'Duplicate storage definition, both target storage and target pvc defined', path: 'spec.storage', at: 'storage:', after: 'storage: 1Gi', good: DV },
  { id: 'dv-size', kind: 'DataVolume', bad: edit(DV, ['    resources:\n      requests:\n        storage: 6Gi\n', '    storageClassName: local\n']), stage: 'admission',
    message: 'Storage size is missing', path: 'spec.storage', at: 'storage:', good: edit(DV, ['  source:\n    registry:\n      url: "docker://quay.io/containerdisks/fedora:40"\n', '  source:\n    pvc:\n      namespace: golden\n      name: fedora\n'], ['    resources:\n      requests:\n        storage: 6Gi\n', '    storageClassName: local\n']) },
  { id: 'dv-registry-url', kind: 'DataVolume', bad: edit(DV, ['"docker://quay.io/containerdisks/fedora:40"', 'quay.io/containerdisks/fedora:40']), stage: 'admission',
    message: 'Illegal registry source URL scheme quay.io/containerdisks/fedora:40', path: 'spec.source.registry.url', at: 'url: quay.io', good: DV },
  { id: 'dv-http-url', kind: 'DataVolume', bad: edit(DV, ['    registry:\n      url: "docker://quay.io/containerdisks/fedora:40"', '    http:\n      url: "ftp://example.com/fedora.qcow2"']), stage: 'admission',
    message: 'spec.source Invalid source URL scheme: ftp://example.com/fedora.qcow2', path: 'spec.source.http.url', at: 'url: "ftp:',
    good: edit(DV, ['    registry:\n      url: "docker://quay.io/containerdisks/fedora:40"', '    http:\n      url: "https://example.com/fedora.qcow2"']) },
  { id: 'dv-template', kind: 'VirtualMachine', bad: edit(DVT_VM, ['          resources:\n            requests:\n              storage: 6Gi\n', '          storageClassName: local\n']), stage: 'start',
    message: 'Error creating DataVolume fedora-dv: admission webhook "datavolume-validate.cdi.kubevirt.io" denied the request: Storage size is missing', path: 'spec.dataVolumeTemplates[0].spec.storage', at: 'storage:', after: 'https://', good: DVT_VM },
  // Cross-object (a stream or a lab folder)
  { id: 'xref-datavolume', kind: 'VirtualMachine', bad: DV_VM, stage: 'references', severity: 'warning',
    message: `DataVolume "fedora-dv" is neither in spec.dataVolumeTemplates nor in this file or folder: unless it is on the cluster already, the VM's disk has nothing behind it and the VM does not start`,
    path: 'spec.template.spec.volumes[0].dataVolume.name', at: 'name: fedora-dv', good: DV_VM, related: [{ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'fedora-dv' } }] },
  { id: 'xref-service', kind: 'Service', bad: `${edit(SVC, ['  selector:\n    app: web\n', '  selector:\n    app: lab08\n'])}---\n${BASE_VM}`, stage: 'references', severity: 'warning',
    message: 'the selector app=lab08 matches none of the 1 workload(s) in this file or folder (VirtualMachine lab08-probe): the Service would have no endpoints',
    path: 'spec.selector', at: 'selector:', good: `${edit(SVC, ['  selector:\n    app: web\n', '  selector:\n    kubevirt.io/domain: lab08-probe\n'])}---\n${BASE_VM}` },
  { id: 'xref-migration', kind: 'VirtualMachineInstanceMigration', bad: MIGRATION, stage: 'admission', severity: 'warning',
    message: 'no VirtualMachine or VirtualMachineInstance "lab08-probe" in this file or folder; unless it runs on the cluster, KubeVirt refuses the migration: the VMI "<namespace>/lab08-probe" does not exist',
    path: 'spec.vmiName', at: 'vmiName:', good: `${BASE_VM}---\n${MIGRATION}` },
  { id: 'xref-snapshot', kind: 'VirtualMachineSnapshot', bad: SNAPSHOT, stage: 'references', severity: 'warning',
    message: 'VirtualMachine "lab08-probe" is not in this file or folder: unless it is on the cluster, the snapshot waits for its source and never becomes ready',
    path: 'spec.source.name', at: 'name: lab08-probe', after: 'source:', good: `${BASE_VM}---\n${SNAPSHOT}` },
];

describe('rules beyond the schema: a rejected and an accepted case per family', () => {
  for (const c of cases) {
    it(`${c.id} (${c.kind}) rejects`, () => {
      const fs = findingsOf(c.bad);
      const f = fs.find((x) => x.message === c.message);
      expect(f, JSON.stringify(fs.map((x) => `${x.stage}: ${x.message}`), null, 1)).toBeDefined();
      expect(f!.stage).toBe(c.stage);
      expect(f!.severity).toBe(c.severity ?? 'error');
      expect(f!.path).toBe(c.path);
      expect(f!.line).toBe(lineOf(c.bad, c.at, c.after));
    });
    it(`${c.id} (${c.kind}) accepts the fixed manifest`, () => {
      const fs = findingsOf(c.good, c.related ? { related: c.related } : {}).filter((x) => x.severity === 'error' || x.stage === c.stage);
      expect(fs.filter((x) => x.severity === 'error' || x.message === c.message || x.stage === 'references')).toEqual([]);
    });
  }
});

describe('placeholders a lab writes', () => {
  it('are refused as the cluster would (taken literally), with a hint to replace them', () => {
    const text = edit(CM, ['  name: settings\n', '  name: settings\n  namespace: <user>\n']);
    const f = findingsOf(text).find((x) => x.path === 'metadata.namespace');
    expect(f?.message).toMatch(/^metadata\.namespace: Invalid value: "<user>": a lowercase RFC 1123 label/);
    expect(f?.line).toBe(lineOf(text, 'namespace: <user>'));
    expect(f?.hint).toBe('<user> is a placeholder: replace it with your value (the API server takes the text literally).');
    expect(findingsOf(edit(CM, ['  name: settings\n', '  name: settings\n  namespace: user1\n'])).filter((x) => x.severity !== 'info')).toEqual([]);
  });
});
