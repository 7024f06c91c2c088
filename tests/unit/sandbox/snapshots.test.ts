// VirtualMachineSnapshot / VirtualMachineRestore in the sandbox: phases, conditions, the content,
// events, the restore's wait for a stopped VM and its refusals, against KubeVirt v1.9.0's
// controllers (pkg/storage/snapshot) and the CRDs' printer columns as kubectl prints them.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

const DV = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: disk
spec:
  source:
    registry:
      url: "docker://quay.io/kubevirt/cirros-container-disk-demo"
  pvc:
    accessModes:
      - ReadWriteOnce
    resources:
      requests:
        storage: 256Mi
`;
const VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: snap
spec:
  running: false
  template:
    metadata:
      labels:
        kubevirt.io/domain: snap
    spec:
      domain:
        devices:
          disks:
            - name: harddisk
              disk:
                bus: virtio
            - name: cloudinitdisk
              disk:
                bus: virtio
        resources:
          requests:
            memory: 64M
      volumes:
        - name: harddisk
          persistentVolumeClaim:
            claimName: disk
        - name: cloudinitdisk
          cloudInitNoCloud:
            userData: |
              #cloud-config
`;
const SNAP = `apiVersion: snapshot.kubevirt.io/v1beta1
kind: VirtualMachineSnapshot
metadata:
  name: snap-snap
spec:
  source:
    apiGroup: kubevirt.io
    kind: VirtualMachine
    name: snap
`;
const restore = (name: string, extra = '') => `apiVersion: snapshot.kubevirt.io/v1beta1
kind: VirtualMachineRestore
metadata:
  name: ${name}
spec:
  target:
    apiGroup: kubevirt.io
    kind: VirtualMachine
    name: snap
  virtualMachineSnapshotName: snap-snap
${extra}`;

const code = (h: Harness) => h.run('echo $?');
/** -o jsonpath with a closing newline (kubectl prints none after a template). */
const jp = (h: Harness, what: string, tpl: string) => h.run(`kubectl get ${what} -o jsonpath='${tpl}{"\\n"}'`);

/** A running VM on an imported disk, and its snapshot taken (Succeeded). */
function snapped(): Harness {
  const h = new Harness({ files: { 'dv.yaml': DV, 'vm.yaml': VM, 'snap.yaml': SNAP, 'restore.yaml': restore('snap-restore'), 'restore2.yaml': restore('snap-restore2'), 'fail.yaml': restore('snap-fail', '  targetReadinessPolicy: FailImmediate\n'), 'stop.yaml': restore('snap-stop', '  targetReadinessPolicy: StopTarget\n') } });
  h.run('kubectl apply -f dv.yaml');
  h.shell.advance(120);
  h.run('kubectl apply -f vm.yaml');
  h.run('virtctl start snap');
  h.shell.advance(60);
  expect(h.run('kubectl get vm snap')).toMatch(/snap\s+\S+\s+Running\s+True/);
  expect(h.run('kubectl apply -f snap.yaml')).toBe('virtualmachinesnapshot.snapshot.kubevirt.io/snap-snap created');
  return h;
}

describe('VirtualMachineSnapshot', () => {
  it('goes InProgress → Succeeded with readyToUse, its content, volumes and events', () => {
    const h = snapped();
    // printer columns of the CRD; empty cells stay empty (the CRD table convertor)
    expect(h.run('kubectl get vmsnapshot')).toBe('NAME        SOURCEKIND       SOURCENAME   PHASE   READYTOUSE   CREATIONTIME   ERROR\nsnap-snap   VirtualMachine   snap');
    h.shell.advance(1);
    expect(jp(h, 'vmsnapshot snap-snap', '{.status.phase} {.status.readyToUse} {.status.conditions[*].reason}')).toBe('InProgress false Source not locked Not ready');
    h.shell.advance(1);
    expect(jp(h, 'vmsnapshot snap-snap', '{.status.conditions[0].status} {.status.conditions[0].reason} {.status.indications}')).toBe('True Source locked and operation in progress ["Online","GuestAgent"]');
    expect(jp(h, 'vm snap', '{.status.snapshotInProgress}')).toBe('snap-snap');
    h.shell.input('kubectl wait vmsnapshot snap-snap --for condition=Ready\r');
    h.shell.advance(10);
    expect(h.take()).toMatch(/virtualmachinesnapshot\.snapshot\.kubevirt\.io\/snap-snap condition met/);
    expect(h.run('kubectl get vmsnapshot')).toMatch(/^NAME\s+SOURCEKIND\s+SOURCENAME\s+PHASE\s+READYTOUSE\s+CREATIONTIME\s+ERROR\nsnap-snap\s+VirtualMachine\s+snap\s+Succeeded\s+true\s+\d+s$/);
    const yaml = h.run('kubectl get vmsnapshot snap-snap -o yaml');
    expect(yaml).toMatch(/creationTime: 2026-01-01T\d\d:\d\d:\d\dZ/);
    expect(yaml).toMatch(/snapshotVolumes:\n    excludedVolumes:\n      - cloudinitdisk\n    includedVolumes:\n      - harddisk/);
    expect(yaml).toMatch(/- lastTransitionTime: \S+\n      reason: Operation complete\n      status: "False"\n      type: Progressing\n    - lastTransitionTime: \S+\n      reason: Ready\n      status: "True"\n      type: Ready/);
    expect(jp(h, 'vm snap', '{.status.snapshotInProgress}')).toBe('');
    const content = jp(h, 'vmsnapshot snap-snap', '{.status.virtualMachineSnapshotContentName}');
    expect(content).toMatch(/^vmsnapshot-content-[0-9a-f-]{36}$/);
    expect(h.run('kubectl get vmsnapshotcontent')).toMatch(new RegExp(`^NAME\\s+READYTOUSE\\s+CREATIONTIME\\s+ERROR\\n${content}\\s+true\\s+\\d+s$`));
    expect(jp(h, `vmsnapshotcontent ${content}`, '{.spec.volumeBackups[0].volumeName} {.spec.source.virtualMachine.spec.template.metadata.labels}')).toBe('harddisk {"kubevirt.io/domain":"snap"}');
    expect(h.run('kubectl get volumesnapshot').split('\n')[0]).toMatch(/^NAME\s+READYTOUSE\s+SOURCEPVC\s+SOURCESNAPSHOTCONTENT\s+RESTORESIZE\s+SNAPSHOTCLASS\s+SNAPSHOTCONTENT\s+CREATIONTIME\s+AGE$/);
    expect(h.run('kubectl get volumesnapshot')).toMatch(/vmsnapshot-\S+-volume-harddisk\s+true\s+disk\s+256Mi\s+snapcontent-\S+\s+\d+s\s+\d+s/);
    const events = h.run('kubectl get events');
    expect(events).toMatch(/Normal\s+SuccessfulVirtualMachineSnapshotContentCreate\s+virtualmachinesnapshot\/snap-snap\s+Successfully created VirtualMachineSnapshotContent vmsnapshot-content-/);
    expect(events).toMatch(/Normal\s+SuccessfulVolumeSnapshotCreate\s+virtualmachinesnapshotcontent\/vmsnapshot-content-\S+\s+Successfully created VolumeSnapshot vmsnapshot-\S+-volume-harddisk/);
    // owned by the content, by its uid (an ownerReference without one is refused by the API server)
    const contentUid = h.run(`kubectl get vmsnapshotcontent -o jsonpath='{.items[0].metadata.uid}{"\\n"}'`);
    expect(contentUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.run(`kubectl get volumesnapshot -o jsonpath='{.items[0].metadata.ownerReferences[0].uid}{"\\n"}'`)).toBe(contentUid);
    expect(h.run('kubectl get volumesnapshotclass')).toMatch(/^NAME\s+DRIVER\s+DELETIONPOLICY\s+AGE\nlonghorn-snapshot-vsc\s+driver\.longhorn\.io\s+Delete/);
    // re-applying the same file changes nothing; deleting the snapshot deletes its content
    expect(h.run('kubectl apply -f snap.yaml')).toBe('virtualmachinesnapshot.snapshot.kubevirt.io/snap-snap unchanged');
    expect(h.run('kubectl delete vmsnapshot snap-snap')).toMatch(/deleted/);
    expect(h.run('kubectl get vmsnapshotcontent')).toBe('No resources found in alice namespace.');
  });

  it('refuses a source of another kind and a changed spec (the snapshot webhook)', () => {
    const h = snapped();
    h.files['bad.yaml'] = SNAP.replace('name: snap-snap', 'name: bad').replace('kind: VirtualMachine\n', 'kind: Pod\n');
    expect(h.run('kubectl apply -f bad.yaml')).toBe('Error from server: error when creating "bad.yaml": admission webhook "virtualmachinesnapshot-validator.snapshot.kubevirt.io" denied the request: invalid kind');
    expect(code(h)).toBe('1');
    h.files['snap.yaml'] = SNAP.replace('name: snap\n', 'name: other\n');
    expect(h.run('kubectl apply -f snap.yaml')).toBe('Error from server: error when patching "snap.yaml": admission webhook "virtualmachinesnapshot-validator.snapshot.kubevirt.io" denied the request: spec in immutable after creation');
    expect(jp(h, 'vmsnapshot snap-snap', '{.spec.source.name}')).toBe('snap');
  });
});

describe('VirtualMachineRestore', () => {
  it('waits for the VM to stop (WaitGracePeriod), then restores the spec onto a new claim', () => {
    const h = snapped();
    h.shell.advance(10);
    h.files['vm.yaml'] = VM.replace('kubevirt.io/domain: snap\n', 'kubevirt.io/domain: snap\n        acend.ch/training: kubevirt\n');
    h.run('kubectl apply -f vm.yaml');
    expect(h.run('kubectl apply -f restore.yaml')).toBe('virtualmachinerestore.snapshot.kubevirt.io/snap-restore created');
    h.shell.advance(3);
    const wait = 'Waiting for target VM to be powered off. Please stop the restore target to proceed with restore, or the operation will fail after 5m0s';
    expect(jp(h, 'vmrestore snap-restore', '{.status.complete} {.status.conditions[0].type} {.status.conditions[0].status} {.status.conditions[0].reason}')).toBe(`false Progressing False ${wait}`);
    expect(h.run('kubectl get events')).toMatch(/Warning\s+RestoreTargetNotReady\s+virtualmachinerestore\/snap-restore\s+Restore target VMI still exists, please stop the restore target to proceed with restore/);
    expect(h.run('kubectl get vmrestore')).toBe('NAME           TARGETKIND       TARGETNAME   COMPLETE   RESTORETIME\nsnap-restore   VirtualMachine   snap         false');
    // a second restore of the same target while this one runs is refused
    expect(h.run('kubectl apply -f restore2.yaml')).toBe('Error from server: error when creating "restore2.yaml": admission webhook "virtualmachinerestore-validator.snapshot.kubevirt.io" denied the request: VirtualMachineRestore "snap-restore" in progress');
    expect(code(h)).toBe('1');
    h.run('virtctl stop snap');
    h.shell.input('kubectl wait vmrestore snap-restore --for condition=Ready\r');
    h.shell.advance(60);
    expect(h.take()).toMatch(/virtualmachinerestore\.snapshot\.kubevirt\.io\/snap-restore condition met/);
    expect(h.run('kubectl get vmrestore')).toMatch(/^NAME\s+TARGETKIND\s+TARGETNAME\s+COMPLETE\s+RESTORETIME\nsnap-restore\s+VirtualMachine\s+snap\s+true\s+\d+s$/);
    const claim = jp(h, 'vmrestore snap-restore', '{.status.restores[0].persistentVolumeClaim}');
    expect(claim).toMatch(/^restore-[0-9a-f-]{36}-harddisk$/);
    expect(jp(h, 'vm snap', '{.spec.template.spec.volumes[0].persistentVolumeClaim.claimName} {.spec.running} {.spec.template.metadata.labels}')).toBe(`${claim} false {"kubevirt.io/domain":"snap"}`);
    expect(h.run(`kubectl get pvc ${claim}`)).toMatch(/Bound/);
    expect(h.run('kubectl get events')).toMatch(/Normal\s+VirtualMachineRestoreComplete\s+virtualmachinerestore\/snap-restore\s+Successfully completed VirtualMachineRestore snap-restore/);
    expect(h.run('virtctl start snap')).toBe('VM snap was scheduled to start');
    h.shell.advance(60);
    expect(h.run('kubectl get vm snap')).toMatch(/Running\s+True/);
  });

  it('FailImmediate fails at once; StopTarget stops the VM itself; WaitGracePeriod fails after 5m', () => {
    const h = snapped();
    h.shell.advance(10);
    h.run('kubectl apply -f fail.yaml');
    h.shell.advance(3);
    expect(jp(h, 'vmrestore snap-fail', '{.status.conditions[?(@.type==\"Failure\")].reason}')).toBe('Restore target VMI must be powered off before restore operation');
    expect(h.run('kubectl get events')).toMatch(/Warning\s+Operation failed\s+virtualmachinerestore\/snap-fail\s+VirtualMachineRestore failed Restore target VMI must be powered off before restore operation/);
    h.run('kubectl delete vmrestore snap-fail');
    h.run('kubectl apply -f restore.yaml');
    h.shell.advance(301);
    expect(jp(h, 'vmrestore snap-restore', '{.status.conditions[?(@.type==\"Failure\")].reason}')).toBe('Restore target failed to be ready within 5m0s. Please power off the target VM before attempting restore');
    h.run('kubectl delete vmrestore snap-restore');
    h.run('kubectl apply -f stop.yaml');
    h.shell.advance(3);
    expect(h.run('kubectl get events')).toMatch(/Warning\s+RestoreTargetNotReady\s+virtualmachinerestore\/snap-stop\s+Automatically stopping restore target for restore operation/);
    h.shell.advance(60);
    expect(h.run('kubectl get vm snap')).toMatch(/Stopped/);
    expect(jp(h, 'vmrestore snap-stop', '{.status.complete}')).toBe('true');
  });

  it('a missing apiGroup is refused; a missing snapshot is an error condition and event', () => {
    const h = new Harness({ files: { 'vm.yaml': VM, 'restore.yaml': restore('r1'), 'bad.yaml': restore('r2').replace('    apiGroup: kubevirt.io\n', '') } });
    h.run('kubectl apply -f vm.yaml');
    expect(h.run('kubectl apply -f bad.yaml')).toBe('Error from server: error when creating "bad.yaml": admission webhook "virtualmachinerestore-validator.snapshot.kubevirt.io" denied the request: missing apiGroup');
    h.run('kubectl apply -f restore.yaml');
    h.shell.advance(5);
    expect(jp(h, 'vmrestore r1', '{.status.conditions[0].reason}')).toBe('VMSnapshot alice/snap-snap does not exist');
    expect(h.run('kubectl get events')).toMatch(/Warning\s+VirtualMachineRestoreError\s+virtualmachinerestore\/r1\s+VirtualMachineRestore encountered error VMSnapshot alice\/snap-snap does not exist/);
  });
});
