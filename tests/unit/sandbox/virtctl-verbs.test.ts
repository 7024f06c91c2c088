// virtctl's verbs beyond start/stop/restart/console, through the sandbox shell: their output,
// errors and exit codes as virtctl v1.9.0 prints them.
import { describe, expect, it } from 'vitest';
import { Harness, labFiles } from './harness.ts';

function running(h: Harness): void {
  h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
  h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
  h.run('virtctl start lab08-probe');
  h.shell.advance(120);
}
const status = (h: Harness) => h.shell.sandbox.cluster.get('vm', 'alice', 'lab08-probe')[0] as { status: string };
const code = (h: Harness) => h.run('echo $?');

describe('virtctl migrate', () => {
  it('schedules a migration; the VMI moves to another node; the state replays', () => {
    const h = new Harness();
    running(h);
    const from = h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.node;
    expect(h.run('virtctl migrate lab08-probe')).toBe('VM lab08-probe was scheduled to migrate');
    h.shell.advance(2);
    expect(status(h).status).toBe('Migrating');
    h.shell.advance(30);
    const to = h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.node;
    expect(to).not.toBe(from);
    const again = new Harness({ state: h.shell.snapshot() });
    expect(again.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.node).toBe(to);
  });

  it('kubectl apply of a VirtualMachineInstanceMigration runs it; a refused one is not stored', () => {
    const h = new Harness({ files: { ...labFiles(), 'mig.yaml': 'apiVersion: kubevirt.io/v1\nkind: VirtualMachineInstanceMigration\nmetadata:\n  name: mig\nspec:\n  vmiName: lab08-probe\n' } });
    expect(h.run('kubectl apply -f mig.yaml')).toMatch(/^Error from server: error when creating "mig.yaml": admission webhook "migration-create-validator.kubevirt.io" denied the request: the VMI "alice\/lab08-probe" does not exist$/);
    expect(h.shell.sandbox.cluster.api.get('VirtualMachineInstanceMigration', 'alice', 'mig')).toBeUndefined();
    running(h);
    expect(h.run('kubectl apply -f mig.yaml')).toBe('virtualmachineinstancemigration.kubevirt.io/mig created');
    h.shell.advance(30);
    expect(h.shell.sandbox.cluster.api.get('VirtualMachineInstanceMigration', 'alice', 'mig')?.obj.status).toMatchObject({ phase: 'Succeeded' });
  });

  it('errors: a stopped VM, another namespace, a missing argument', () => {
    const h = new Harness();
    expect(h.run('virtctl migrate nope')).toBe('Error migrating VirtualMachine virtualmachine.kubevirt.io "nope" not found');
    expect(code(h)).toBe('1');
    expect(h.run('virtctl migrate x -n bob')).toContain('is forbidden: User "system:serviceaccount:alice:alice"');
    expect(h.run('virtctl migrate')).toContain('Error: accepts 1 arg(s), received 0');
  });
});

describe('virtctl migrate-cancel', () => {
  it('deletes the migration in flight (the VMI stays on its node); with none in flight, virtctl\'s error', () => {
    const h = new Harness();
    running(h);
    const from = h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.node;
    expect(h.run('virtctl migrate-cancel lab08-probe')).toBe('Found no migration to cancel for lab08-probe');
    expect(code(h)).toBe('1');
    h.run('virtctl migrate lab08-probe');
    h.shell.advance(2);
    const [mig] = h.shell.sandbox.cluster.api.list('VirtualMachineInstanceMigration', 'alice');
    expect(h.run('virtctl migrate-cancel lab08-probe')).toBe('VM lab08-probe was scheduled to migrate-cancel');
    expect(code(h)).toBe('0');
    expect(h.run(`kubectl get vmim ${mig!.name}`)).toBe(`Error from server (NotFound): virtualmachineinstancemigrations.kubevirt.io "${mig!.name}" not found`);
    h.shell.advance(60);
    expect(h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.node).toBe(from);
    expect(status(h).status).toBe('Running');
    // a migration that ended is no migration to cancel; the next one can be cancelled again
    h.run('virtctl migrate lab08-probe');
    h.shell.advance(60);
    expect(h.run('virtctl migrate-cancel lab08-probe')).toBe('Found no migration to cancel for lab08-probe');
    expect(h.run('virtctl migrate-cancel')).toContain('Error: accepts 1 arg(s), received 0');
    const again = new Harness({ state: h.shell.snapshot() });
    expect(again.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.node).not.toBe(from);
  });
});

describe('virtctl pause / unpause / soft-reboot', () => {
  it('pauses and unpauses the VMI (VM status Paused), refuses twice, reboots softly', () => {
    const h = new Harness();
    expect(h.run('virtctl pause vmi nope')).toBe('Error pausing VirtualMachineInstance nope: virtualmachineinstance.kubevirt.io "nope" not found');
    running(h);
    expect(h.run('virtctl pause vm lab08-probe')).toBe('VMI lab08-probe was scheduled to pause');
    expect(status(h).status).toBe('Paused');
    expect(h.run('virtctl pause vmi lab08-probe')).toBe('Error pausing VirtualMachineInstance lab08-probe: Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "lab08-probe": VMI is already paused');
    expect(h.run('virtctl soft-reboot lab08-probe')).toContain('VMI is paused');
    expect(h.run('virtctl unpause vm lab08-probe')).toBe('VMI lab08-probe was scheduled to unpause');
    expect(h.run('virtctl unpause vm lab08-probe')).toContain('VMI is not paused');
    const boots = () => h.shell.sandbox.cluster.events.filter((e) => e.source === 'guest' && e.type === 'boot').length;
    const before = boots();
    expect(h.run('virtctl soft-reboot lab08-probe')).toBe('VMI lab08-probe was scheduled to soft-reboot');
    expect(boots()).toBe(before + 1);
    expect(h.run('virtctl pause frob lab08-probe')).toBe("Error: unsupported resource type 'frob'");
  });
});

describe('virtctl guestosinfo / fslist / userlist', () => {
  it('answers from the guest agent as JSON; without the agent, virt-api\'s error', () => {
    const h = new Harness();
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    h.run('virtctl start lab08-probe');
    h.shell.advance(14);
    expect(h.run('virtctl guestosinfo lab08-probe')).toBe('Error getting guestosinfo of VirtualMachineInstance lab08-probe, Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "lab08-probe": VMI does not have guest agent connected');
    h.shell.advance(100);
    const info = JSON.parse(h.run('virtctl guestosinfo lab08-probe')) as { os: { prettyName: string }; hostname: string };
    expect(info.os.prettyName).toBe('Fedora Linux 40 (Cloud Edition)');
    expect(info.hostname).toBe('lab08-probe');
    expect(JSON.parse(h.run('virtctl fslist lab08-probe'))).toMatchObject({ items: [{ mountPoint: '/', fileSystemType: 'btrfs' }] });
    expect(JSON.parse(h.run('virtctl userlist lab08-probe'))).toEqual({ items: [] });
  });
});

describe('virtctl expose', () => {
  it('creates a ClusterIP or NodePort Service selecting the VMI; endpoints follow readiness', () => {
    const h = new Harness();
    running(h);
    expect(h.run('virtctl expose vm lab08-probe --name probe-svc --port 80 --target-port 8081')).toBe('Service probe-svc successfully created for vm lab08-probe');
    const svc = h.shell.sandbox.find('Service', 'alice', 'probe-svc')!.obj as { spec: { selector: object; type: string; ports: { port: number; targetPort: number; nodePort?: number }[] } };
    expect(svc.spec).toMatchObject({ selector: { 'vmi.kubevirt.io/id': 'lab08-probe' }, type: 'ClusterIP', ports: [{ port: 80, targetPort: 8081 }] });
    expect(h.run('virtctl expose vm lab08-probe --name probe-np --port 8081 --type NodePort')).toBe('Service probe-np successfully created for vm lab08-probe');
    const np = h.shell.sandbox.find('Service', 'alice', 'probe-np')!.obj as typeof svc;
    expect(np.spec.ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(np.spec.ports[0]!.nodePort).toBeLessThanOrEqual(32767);
    expect(h.run('virtctl expose vm lab08-probe --name probe-svc --port 80')).toBe('Error: service creation failed: services "probe-svc" already exists');
    expect(h.run('virtctl expose vm lab08-probe --port 80')).toBe('Error: required flag(s) "name" not set');
    expect(h.run('virtctl expose vm lab08-probe --name x')).toBe("Error: couldn't find port via --port flag or introspection");
    expect(h.run('virtctl expose vm lab08-probe --name x --port 1 --type ExternalName')).toBe('Error: type: ExternalName not supported');
    // readiness → endpoints of the new service
    h.shell.advance(200);
    expect(h.shell.sandbox.cluster.events.filter((e) => e.source === 'endpoints' && e.type === 'added').some((e) => (e.detail.services as string[] | undefined)?.includes('probe-svc'))).toBe(true);
  });
});

describe('virtctl addvolume / removevolume', () => {
  it('hot-plugs a DataVolume into the running VMI (volume status Ready, sda) and removes it', () => {
    const h = new Harness();
    running(h);
    h.shell.sandbox.apply({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: 'extra', namespace: 'alice' }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '64Mi' } } } } });
    h.shell.advance(60);
    expect(h.run('virtctl addvolume lab08-probe --volume-name=nope')).toBe('Error: Volume nope is not a DataVolume or PersistentVolumeClaim');
    expect(h.run('virtctl addvolume lab08-probe')).toBe('Error: required flag(s) "volume-name" not set');
    expect(h.run('virtctl addvolume lab08-probe --volume-name=extra --serial=1234')).toBe('Successfully submitted add volume request to VM lab08-probe for volume extra');
    h.shell.advance(10);
    const vmi = h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!;
    expect(vmi.hotplug).toMatchObject([{ name: 'extra', phase: 'Ready', target: 'sda', serial: '1234', reason: 'VolumeReady', message: 'Successfully attach hotplugged volume extra to VM' }]);
    expect(h.shell.sandbox.cluster.api.events.about('VirtualMachineInstance', 'alice', 'lab08-probe').map((e) => e.reason)).toEqual(['SuccessfulCreate', 'VolumeMountedToPod', 'VolumeReady']);
    expect(h.run('virtctl addvolume lab08-probe --volume-name=extra')).toContain('already exists');
    expect(h.run('virtctl removevolume lab08-probe --volume-name=extra')).toBe('Successfully submitted remove volume request to VM lab08-probe for volume extra');
    h.shell.advance(10);
    expect(h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.hotplug).toEqual([]);
    expect(h.run('virtctl removevolume lab08-probe --volume-name=extra')).toBe('Error: error removing volume, Unable to remove volume [extra] because it does not exist');
  });
});

describe('virtctl image-upload', () => {
  it('creates an upload DataVolume, waits for the upload pod, uploads with progress, and ends Succeeded', () => {
    const h = new Harness({ files: { 'disk.img': 'x'.repeat(3 * 1048576) } });
    h.shell.input('virtctl image-upload dv uploaded --size=64Mi --image-path=disk.img --insecure\r');
    h.shell.advance(120);
    const out = h.take();
    expect(out).toContain(`PVC alice/uploaded not found \nDataVolume alice/uploaded created\nWaiting for PVC uploaded upload pod to be ready...\nPod now ready\nUploading data to https://cdi-uploadproxy.cdi.svc`);
    expect(out).toContain('3.00 MiB / 3.00 MiB [====================] 100.00%');
    expect(out).toContain('Uploading data completed successfully, waiting for processing to complete, you can hit ctrl-c without interrupting the progress\nProcessing completed successfully\nUploading disk.img completed successfully');
    expect((h.shell.sandbox.cluster.api.get('DataVolume', 'alice', 'uploaded')!.obj.status as { phase: string }).phase).toBe('Succeeded');
    expect(h.run('virtctl image-upload dv other --size=64Mi --image-path=missing.img')).toContain('Error: open missing.img: no such file or directory');
    expect(h.run('virtctl image-upload dv other --image-path=disk.img')).toBe('Error: when creating a resource, the size must be specified');
  });
});

describe('what is not simulated says so', () => {
  it('names the verb and points to connected mode', () => {
    const h = new Harness();
    expect(h.run('virtctl vnc lab08-probe')).toBe('kvlab sandbox: "virtctl vnc" is not simulated; use connected mode for a real cluster');
    expect(code(h)).toBe('1');
  });
});
