// Scaling in the sandbox: VirtualMachineInstanceReplicaSets, VirtualMachinePools and the
// HorizontalPodAutoscaler, through kubectl as a trainee types it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

const code = (h: Harness) => h.run('echo $?');

export const RS = `apiVersion: kubevirt.io/v1
kind: VirtualMachineInstanceReplicaSet
metadata:
  name: lab05-cirros-replicaset
spec:
  replicas: 2
  selector:
    matchLabels:
      kubevirt.io/domain: lab05-cirros
  template:
    metadata:
      labels:
        kubevirt.io/domain: lab05-cirros
    spec:
      domain:
        cpu:
          cores: 1
        devices:
          disks:
            - name: containerdisk
              disk:
                bus: virtio
          interfaces:
          - name: default
            masquerade: {}
        resources:
          limits:
            cpu: 300m
          requests:
            cpu: 100m
            memory: 265Mi
      networks:
      - name: default
        pod: {}
      volumes:
      - name: containerdisk
        containerDisk:
          image: quay.io/kubevirt/cirros-container-disk-demo
`;

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

describe('VirtualMachineInstanceReplicaSet', () => {
  it('creates its VMIs named <rs><5 chars> on nodes, reports DESIRED CURRENT READY, scales, replaces a deleted VMI, cascades', () => {
    const h = new Harness({ files: { 'labs/rs.yaml': RS } });
    expect(h.run('kubectl apply -f labs/rs.yaml')).toBe('virtualmachineinstancereplicaset.kubevirt.io/lab05-cirros-replicaset created');
    expect(h.run('kubectl get vmirs')).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nlab05-cirros-replicaset\s+2\s+2\s+0\s+0s$/);
    h.shell.advance(60);
    expect(h.run('kubectl get vmirs')).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nlab05-cirros-replicaset\s+2\s+2\s+2\s+60s$/);
    const vmis = h.run('kubectl get vmis');
    expect(vmis).toMatch(new RegExp(`^NAME\\s+AGE\\s+PHASE\\s+IP\\s+NODENAME\\s+READY\\n(lab05-cirros-replicaset${SUFFIX}\\s+60s\\s+Running\\s+10\\.244\\.\\d+\\.\\d+\\s+training-worker-\\d\\s+True\\n?){2}$`));
    const names = [...vmis.matchAll(new RegExp(`lab05-cirros-replicaset${SUFFIX}`, 'g'))].map((m) => m[0]);
    expect(h.run('kubectl get vm')).toBe('No resources found in alice namespace.');
    expect(h.run('kubectl get pods -o name').split('\n').sort()).toEqual(names.map((n) => expect.stringMatching(new RegExp(`^pod/virt-launcher-${n}-[a-z0-9]{5}$`))));
    expect(h.run(`kubectl get vmirs lab05-cirros-replicaset -o jsonpath='{.status.labelSelector}{"\\n"}'`)).toBe('kubevirt.io/domain=lab05-cirros');
    expect(h.run('kubectl get vmi -l kubevirt.io/domain=lab05-cirros -o name').split('\n')).toHaveLength(2);
    expect(h.run(`kubectl get vmi ${names[0]} -o jsonpath='{.metadata.ownerReferences[0].kind}{"\\n"}'`)).toBe('VirtualMachineInstanceReplicaSet');
    expect(h.run(`virtctl stop ${names[0]}`)).toBe(`Error stopping VirtualMachine virtualmachine.kubevirt.io "${names[0]}" not found`);
    expect(h.run('kubectl scale vmirs lab05-cirros-replicaset --replicas 1')).toBe('virtualmachineinstancereplicaset.kubevirt.io/lab05-cirros-replicaset scaled');
    h.shell.advance(60);
    expect(h.run('kubectl get vmirs')).toMatch(/lab05-cirros-replicaset\s+1\s+1\s+1\s+/);
    const left = h.run('kubectl get vmis -o name');
    expect(left.split('\n')).toHaveLength(1);
    expect(h.run('kubectl get events')).toMatch(/Normal\s+SuccessfulDelete\s+virtualmachineinstancereplicaset\/lab05-cirros-replicaset\s+Stopped the virtual machine by deleting the virtual machine instance /);
    // a deleted VMI is replaced by a new one (a new name)
    const one = left.replace('virtualmachineinstance.kubevirt.io/', '');
    expect(h.run(`kubectl delete vmi ${one}`)).toBe(`virtualmachineinstance.kubevirt.io "${one}" deleted`);
    h.shell.advance(60);
    const next = h.run('kubectl get vmis -o name');
    expect(next.split('\n')).toHaveLength(1);
    expect(next).not.toContain(one);
    expect(h.run('kubectl delete vmirs lab05-cirros-replicaset')).toBe('virtualmachineinstancereplicaset.kubevirt.io "lab05-cirros-replicaset" deleted');
    h.shell.advance(60);
    expect(h.run('kubectl get vmis')).toBe('No resources found in alice namespace.');
    expect(code(h)).toBe('0');
  });

  it('does nothing while its selector does not select the template labels; replicas defaults to 1', () => {
    const bad = RS.replace('      kubevirt.io/domain: lab05-cirros\n  template', '      kubevirt.io/domain: other\n  template');
    const h = new Harness({ files: { 'labs/bad.yaml': bad, 'labs/one.yaml': RS.replace('  replicas: 2\n', '').replace(/lab05-cirros-replicaset/, 'one') } });
    h.run('kubectl apply -f labs/bad.yaml');
    h.shell.advance(30);
    expect(h.run('kubectl get vmis')).toBe('No resources found in alice namespace.');
    h.run('kubectl delete vmirs lab05-cirros-replicaset');
    h.run('kubectl apply -f labs/one.yaml');
    h.shell.advance(30);
    expect(h.run('kubectl get vmirs one')).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\none\s+<none>\s+1\s+1\s+30s$/);
    expect(h.run('kubectl get vmis -o name')).toMatch(new RegExp(`^virtualmachineinstance.kubevirt.io/one${SUFFIX}$`));
  });
});

export const POOL = `apiVersion: pool.kubevirt.io/v1alpha1
kind: VirtualMachinePool
metadata:
  name: lab05-webserver
spec:
  replicas: 2
  selector:
    matchLabels:
      kubevirt.io/vmpool: lab05-webserver
  virtualMachineTemplate:
    metadata:
      labels:
        kubevirt.io/vmpool: lab05-webserver
    spec:
      runStrategy: Always
      template:
        metadata:
          labels:
            kubevirt.io/vmpool: lab05-webserver
        spec:
          domain:
            devices:
              interfaces:
              - name: default
                masquerade: {}
            resources:
              requests:
                memory: 256Mi
          networks:
          - name: default
            pod: {}
          volumes:
          - name: containerdisk
            containerDisk:
              image: quay.io/containerdisks/fedora:40
`;

describe('VirtualMachinePool', () => {
  it('creates VMs <pool>-<index> that start their VMIs; scale out takes the lowest free indexes; a deleted VM comes back; delete cascades', () => {
    const h = new Harness({ files: { 'labs/pool.yaml': POOL } });
    expect(h.run('kubectl apply -f labs/pool.yaml')).toBe('virtualmachinepool.pool.kubevirt.io/lab05-webserver created');
    expect(h.run('kubectl get vm -o name')).toBe('virtualmachine.kubevirt.io/lab05-webserver-0\nvirtualmachine.kubevirt.io/lab05-webserver-1');
    h.shell.advance(60);
    expect(h.run('kubectl get vmpool')).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nlab05-webserver\s+2\s+2\s+2\s+60s$/);
    expect(h.run('kubectl get vmi')).toMatch(/^NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY\nlab05-webserver-0\s+60s\s+Running\s+\S+\s+training-worker-\d\s+True\nlab05-webserver-1\s+60s\s+Running\s+\S+\s+training-worker-\d\s+True$/);
    expect(h.run(`kubectl get vm lab05-webserver-1 -o jsonpath='{.metadata.ownerReferences[0].kind} {.metadata.finalizers[0]}{"\\n"}'`)).toBe('VirtualMachinePool pool.kubevirt.io/finalizer');
    expect(h.run('kubectl get vm -l kubevirt.io/vm-pool-revision-name=lab05-webserver-1 -o name').split('\n')).toHaveLength(2);
    expect(h.run(`kubectl get vmpool lab05-webserver -o jsonpath='{.status.labelSelector}{"\\n"}'`)).toBe('kubevirt.io/vmpool=lab05-webserver');
    expect(h.run('kubectl scale vmpool lab05-webserver --replicas 4')).toBe('virtualmachinepool.pool.kubevirt.io/lab05-webserver scaled');
    expect(h.run('kubectl get vm -o name').split('\n')).toEqual([0, 1, 2, 3].map((i) => `virtualmachine.kubevirt.io/lab05-webserver-${i}`));
    expect(h.run('kubectl delete vm lab05-webserver-1')).toBe('virtualmachine.kubevirt.io "lab05-webserver-1" deleted');
    h.shell.advance(1);
    expect(h.run('kubectl get vm -o name').split('\n')).toEqual([0, 1, 2, 3].map((i) => `virtualmachine.kubevirt.io/lab05-webserver-${i}`));
    expect(h.run('kubectl scale vmpool lab05-webserver --replicas 1')).toBe('virtualmachinepool.pool.kubevirt.io/lab05-webserver scaled');
    expect(h.run('kubectl get vm -o name').split('\n')).toHaveLength(1);
    expect(h.run('kubectl get events')).toMatch(/Normal\s+SuccessfulDelete\s+virtualmachinepool\/lab05-webserver\s+Deleted VM alice\/lab05-webserver-\d with uid \S+ from pool/);
    expect(h.run('kubectl get events')).toMatch(/Normal\s+SuccessfulCreate\s+virtualmachinepool\/lab05-webserver\s+Created VM alice\/lab05-webserver-3/);
    expect(h.run('kubectl delete vmpool lab05-webserver')).toBe('virtualmachinepool.pool.kubevirt.io "lab05-webserver" deleted');
    h.shell.advance(60);
    expect(h.run('kubectl get vm,vmi')).toBe('No resources found in alice namespace.');
  });

  it('scale-in follows the sort policy: DescendingOrder removes the highest indexes first', () => {
    const pool = POOL.replace('  replicas: 2\n', '  replicas: 4\n  scaleInStrategy:\n    proactive:\n      selectionPolicy:\n        sortPolicy: DescendingOrder\n');
    const h = new Harness({ files: { 'labs/pool.yaml': pool } });
    expect(h.run('kubectl apply -f labs/pool.yaml')).toBe('virtualmachinepool.pool.kubevirt.io/lab05-webserver created');
    h.run('kubectl scale vmpool lab05-webserver --replicas 2');
    expect(h.run('kubectl get vm -o name')).toBe('virtualmachine.kubevirt.io/lab05-webserver-0\nvirtualmachine.kubevirt.io/lab05-webserver-1');
    h.run('kubectl scale vmpool lab05-webserver --replicas 3');
    expect(h.run('kubectl get vm -o name').split('\n')).toEqual([0, 1, 2].map((i) => `virtualmachine.kubevirt.io/lab05-webserver-${i}`));
  });
});

const HPA_V1 = `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: lab05-cirros-replicaset
spec:
  maxReplicas: 2
  minReplicas: 1
  scaleTargetRef:
    apiVersion: kubevirt.io/v1
    kind: VirtualMachineInstanceReplicaSet
    name: lab05-cirros-replicaset
  targetCPUUtilizationPercentage: 75
`;

const HPA_HEAD = /^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\n/;

describe('HorizontalPodAutoscaler', () => {
  it('autoscaling/v1 on a VMI replica set: idle 2%, a loaded guest scales it to maxReplicas, scale-down waits out the 300 s window', () => {
    const h = new Harness({ files: { 'labs/rs.yaml': RS.replace('replicas: 2', 'replicas: 1'), 'labs/hpa.yaml': HPA_V1 } });
    h.run('kubectl apply -f labs/rs.yaml');
    expect(h.run('kubectl apply -f labs/hpa.yaml')).toBe('horizontalpodautoscaler.autoscaling/lab05-cirros-replicaset created');
    expect(h.run('kubectl get hpa')).toMatch(new RegExp(HPA_HEAD.source + /lab05-cirros-replicaset\s+VirtualMachineInstanceReplicaSet\/lab05-cirros-replicaset\s+cpu: <unknown>\/75%\s+1\s+2\s+1\s+0s$/.source));
    h.shell.advance(60);
    expect(h.run('kubectl get hpa')).toMatch(/\s+cpu: 2%\/75%\s+1\s+2\s+1\s+60s$/);
    const vmi = h.run('kubectl get vmi -o name').replace('virtualmachineinstance.kubevirt.io/', '');
    h.shell.sandbox.guest('alice', vmi, { action: 'cpu-load' });
    h.shell.advance(15);
    // 300m used of a 100m request: 300% → ceil(4 × 1) = 4, held to maxReplicas 2
    expect(h.run('kubectl get hpa')).toMatch(/\s+cpu: 300%\/75%\s+1\s+2\s+1\s+/);
    expect(h.run('kubectl get vmirs')).toMatch(/lab05-cirros-replicaset\s+2\s+/);
    expect(h.run('kubectl get events')).toMatch(/Normal\s+SuccessfulRescale\s+horizontalpodautoscaler\/lab05-cirros-replicaset\s+New size: 2; reason: cpu resource utilization \(percentage of request\) above target/);
    h.shell.advance(60);
    expect(h.run('kubectl get vmi -o name').split('\n')).toHaveLength(2);
    expect(h.run('kubectl get hpa')).toMatch(/\s+cpu: 151%\/75%\s+1\s+2\s+2\s+/);
    h.shell.sandbox.guest('alice', vmi, { action: 'cpu-idle' });
    h.shell.advance(200);
    expect(h.run('kubectl get hpa')).toMatch(/\s+cpu: 2%\/75%\s+1\s+2\s+2\s+/);
    h.shell.advance(150);
    expect(h.run('kubectl get hpa')).toMatch(/\s+cpu: 2%\/75%\s+1\s+2\s+1\s+/);
    expect(h.run('kubectl get events')).toMatch(/New size: 1; reason: All metrics below target/);
  });

  it('autoscaling/v2 on a Deployment and a pool: TARGETS from spec.metrics; a missing target is a FailedGetScale event', () => {
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources:\n            requests:\n              cpu: 200m\n';
    const hpa = (name: string, kind: string, api: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\nspec:\n  minReplicas: 1\n  maxReplicas: 5\n  scaleTargetRef:\n    apiVersion: ${api}\n    kind: ${kind}\n    name: ${name}\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 50\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 0\n`;
    const h = new Harness({ files: { 'labs/web.yaml': deploy, 'labs/hpa.yaml': hpa('web', 'Deployment', 'apps/v1'), 'labs/pool.yaml': POOL, 'labs/hpa-pool.yaml': hpa('lab05-webserver', 'VirtualMachinePool', 'pool.kubevirt.io/v1alpha1'), 'labs/hpa-none.yaml': hpa('none', 'VirtualMachinePool', 'pool.kubevirt.io/v1alpha1') } });
    h.run('kubectl apply -f labs/web.yaml');
    h.run('kubectl apply -f labs/pool.yaml');
    expect(h.run('kubectl apply -f labs/hpa.yaml')).toBe('horizontalpodautoscaler.autoscaling/web created');
    h.run('kubectl apply -f labs/hpa-pool.yaml');
    h.run('kubectl apply -f labs/hpa-none.yaml');
    h.shell.advance(45);
    expect(h.run('kubectl get hpa web')).toMatch(new RegExp(HPA_HEAD.source + /web\s+Deployment\/web\s+cpu: 2%\/50%\s+1\s+5\s+1\s+45s$/.source));
    expect(h.run('kubectl get deploy web')).toMatch(/web\s+1\/1\s+/);
    expect(h.run('kubectl get hpa lab05-webserver')).toMatch(/VirtualMachinePool\/lab05-webserver\s+cpu: 2%\/50%\s+1\s+5\s+1\s+/);
    expect(h.run('kubectl get vm -o name')).toMatch(/^virtualmachine\.kubevirt\.io\/lab05-webserver-\d$/);
    expect(h.run(`kubectl get hpa web -o jsonpath='{.status.conditions[?(@.type=="ScalingActive")].reason}{"\\n"}'`)).toBe('ValidMetricFound');
    expect(h.run('kubectl get events')).toMatch(/Warning\s+FailedGetScale\s+horizontalpodautoscaler\/none\s+the HPA controller was unable to get the target's current scale: virtualmachinepools "none" not found/);
  });
});

describe('kubectl autoscale', () => {
  it('creates the HPA kubectl builds (autoscaling/v1) for a scalable kind; its errors and exit codes', () => {
    const h = new Harness({ files: { 'labs/rs.yaml': RS } });
    h.run('kubectl apply -f labs/rs.yaml');
    expect(h.run('kubectl autoscale vmirs lab05-cirros-replicaset')).toBe('error: --max=MAXPODS is required and must be at least 1, max: -1');
    expect(code(h)).toBe('1');
    expect(h.run('kubectl autoscale vmirs lab05-cirros-replicaset --max=1 --min=3')).toBe('error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 1, min: 3');
    expect(h.run('kubectl autoscale vmirs lab05-cirros-replicaset --max=x')).toMatch(/^error: invalid argument "x" for "--max" flag/);
    expect(h.run('kubectl autoscale vmirs nope --max=3')).toBe('Error from server (NotFound): virtualmachineinstancereplicasets.kubevirt.io "nope" not found');
    expect(h.run('kubectl autoscale vmirs lab05-cirros-replicaset --max=3 --cpu-percent=75')).toBe('horizontalpodautoscaler.autoscaling/lab05-cirros-replicaset autoscaled');
    expect(code(h)).toBe('0');
    expect(h.run('kubectl autoscale vmirs lab05-cirros-replicaset --max=3')).toBe('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "lab05-cirros-replicaset" already exists');
    h.shell.advance(60);
    expect(h.run('kubectl get hpa')).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nlab05-cirros-replicaset\s+VirtualMachineInstanceReplicaSet\/lab05-cirros-replicaset\s+cpu: 2%\/75%\s+1\s+3\s+2\s+60s$/);
  });
});
