// CDI DataVolumes and PVCs in the simulated cluster: phases, progress, conditions, pods and events
// as CDI's datavolume controllers report them, and a VM waiting for its dataVolumeTemplates.
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../../simulator/index.ts';

const dv = (name: string, source: Record<string, unknown>, size = '256Mi') => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'DataVolume',
  metadata: { name, namespace: 'ns' },
  spec: { source, contentType: 'kubevirt', storage: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } },
});
const ALPINE = 'https://dl-cdn.alpinelinux.org/alpine/v3.20/releases/cloud/nocloud_alpine-3.20.2-x86_64-bios-cloudinit-r0.qcow2';

/** The DataVolume's phase (and progress) each time it changed. */
function phases(c: SimCluster, name: string): string[] {
  const out: string[] = [];
  for (const e of c.events) if (e.source === 'storage' && e.type === 'datavolume' && e.detail.name === name) {
    const s = `${String(e.detail.phase)}`;
    if (out.at(-1) !== s) out.push(s);
  }
  return out;
}
const status = (c: SimCluster, kind: string, name: string) => c.api.get(kind, 'ns', name)?.obj.status as Record<string, unknown> | undefined;
const reasons = (c: SimCluster, kind: string, name: string) => c.api.events.about(kind, 'ns', name).map((e) => `${e.type}/${e.reason}: ${e.message}`);

describe('DataVolume with an http source (import-controller.go)', () => {
  it('Pending → ImportScheduled → ImportInProgress with a climbing progress → Succeeded; the claim Bound with the default class', () => {
    const c = new SimCluster();
    expect(c.apply(dv('alpinedisk', { http: { url: ALPINE } }))).toBe('datavolume.cdi.kubevirt.io/alpinedisk created');
    expect(status(c, 'DataVolume', 'alpinedisk')).toMatchObject({ phase: 'Pending', progress: 'N/A' });
    expect(status(c, 'PersistentVolumeClaim', 'alpinedisk')).toEqual({ phase: 'Pending' });
    c.runUntil(10);
    const pod = c.api.list('Pod', 'ns').find((p) => p.name.startsWith('importer-prime-'));
    expect(pod?.obj.status).toMatchObject({ phase: 'Running' });
    c.runUntil(15);
    const mid = String(status(c, 'DataVolume', 'alpinedisk')?.progress);
    expect(mid).toMatch(/^\d+\.\d\d%$/);
    c.runUntil(100);
    expect(phases(c, 'alpinedisk')).toEqual(['Pending', 'ImportScheduled', 'ImportInProgress', 'Succeeded']);
    const progress = c.events.filter((e) => e.type === 'datavolume' && e.detail.phase === 'ImportInProgress').map((e) => parseFloat(String(e.detail.progress)) || 0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(status(c, 'DataVolume', 'alpinedisk')).toMatchObject({ phase: 'Succeeded', progress: '100.0%', claimName: 'alpinedisk' });
    const pvc = c.api.get('PersistentVolumeClaim', 'ns', 'alpinedisk')!.obj;
    expect(pvc.spec).toMatchObject({ storageClassName: 'longhorn', volumeMode: 'Filesystem', accessModes: ['ReadWriteOnce'] });
    // the storage API adds CDI's 6 % filesystem overhead to the request
    expect(pvc.status).toMatchObject({ phase: 'Bound', capacity: { storage: '273Mi' } });
    expect(reasons(c, 'DataVolume', 'alpinedisk')).toEqual([
      'Normal/Pending: PVC alpinedisk Pending',
      'Normal/Bound: PVC alpinedisk Bound',
      'Normal/ImportScheduled: Import into alpinedisk scheduled',
      'Normal/ImportInProgress: Import into alpinedisk in progress',
      'Normal/ImportSucceeded: Successfully imported into PVC alpinedisk',
    ]);
    // CDI removes the importer pod once the claim is populated
    expect(c.api.list('Pod', 'ns').filter((p) => p.name.startsWith('importer-'))).toEqual([]);
  });

  it('the import rate is a timing a scenario sets: twice the rate, about half the time', () => {
    const at = (rate: number) => {
      const c = new SimCluster({ timings: { importRate: rate } });
      c.apply(dv('d', { http: { url: ALPINE } }));
      c.runUntil(400);
      return c.events.find((e) => e.type === 'datavolume' && e.detail.phase === 'Succeeded')!.t;
    };
    const slow = at(2);
    const fast = at(4);
    expect(fast).toBeLessThan(slow);
    expect(fast - 8).toBeCloseTo((slow - 8) / 2, -1);
  });

  it('a URL the importer cannot fetch: ImportInProgress with restarts climbing, the pod in CrashLoopBackOff, CDI\'s warnings', () => {
    const c = new SimCluster();
    c.apply(dv('bad', { http: { url: 'https://example.com/no-such-image' } }));
    c.runUntil(120);
    expect(phases(c, 'bad')).toEqual(['Pending', 'ImportScheduled', 'ImportInProgress']);
    const s = status(c, 'DataVolume', 'bad')!;
    expect(s.restartCount).toBeGreaterThanOrEqual(3);
    expect(s.conditions).toContainEqual(expect.objectContaining({ type: 'Running', status: 'False', reason: 'Error', message: 'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found' }));
    const pod = c.api.list('Pod', 'ns').find((p) => p.name.startsWith('importer-prime-'))!;
    expect(pod.obj.status).toMatchObject({ containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] });
    expect(reasons(c, 'DataVolume', 'bad')).toContain('Warning/Error: Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found');
    expect(c.api.events.about('PersistentVolumeClaim', 'ns', 'bad')[0]).toMatchObject({ type: 'Warning', reason: 'ErrImportFailed' });
  });
});

describe('other sources', () => {
  it('blank: an import that needs no download', () => {
    const c = new SimCluster();
    c.apply(dv('blank', { blank: {} }, '64Mi'));
    c.runUntil(60);
    expect(phases(c, 'blank')).toEqual(['Pending', 'ImportScheduled', 'ImportInProgress', 'Succeeded']);
  });

  it('pvc (clone): CloneScheduled → CloneInProgress → Succeeded with CDI\'s messages; a missing source says so', () => {
    const c = new SimCluster();
    c.apply(dv('src', { blank: {} }, '64Mi'));
    c.runUntil(60);
    c.apply(dv('copy', { pvc: { namespace: 'ns', name: 'src' } }, '64Mi'));
    c.runUntil(120);
    expect(phases(c, 'copy')).toEqual(['Pending', 'CloneScheduled', 'CloneInProgress', 'Succeeded']);
    expect(reasons(c, 'DataVolume', 'copy')).toContain('Normal/CloneSucceeded: Successfully cloned from ns/src into ns/copy');
    c.apply(dv('orphan', { pvc: { namespace: 'ns', name: 'nope' } }, '64Mi'));
    c.runUntil(140);
    expect(reasons(c, 'DataVolume', 'orphan')).toContain('Warning/CloneSourcePVCNotFound: Source PVC ns/nope not found');
  });

  it('upload: UploadScheduled → UploadReady with a cdi-upload pod, Succeeded after the upload', () => {
    const c = new SimCluster();
    c.apply(dv('up', { upload: {} }));
    c.runUntil(20);
    expect(phases(c, 'up')).toEqual(['Pending', 'UploadScheduled', 'UploadReady']);
    expect(c.api.get('Pod', 'ns', 'cdi-upload-up')?.obj.status).toMatchObject({ phase: 'Running' });
    expect(c.storage.uploadReady('ns', 'up')).toBe(true);
    c.storage.upload('ns', 'up', 48);
    c.runUntil(60);
    expect(phases(c, 'up').at(-1)).toBe('Succeeded');
    expect(reasons(c, 'DataVolume', 'up')).toContain('Normal/UploadSucceeded: Successfully uploaded into up');
  });
});

describe('a VM with dataVolumeTemplates (vm.go handleDataVolumes)', () => {
  const vm = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'alpine', namespace: 'ns' },
    spec: {
      runStrategy: 'Always',
      dataVolumeTemplates: [{ metadata: { name: 'alpine-disk' }, spec: { source: { http: { url: ALPINE } }, storage: { resources: { requests: { storage: '256Mi' } } } } }],
      template: { spec: { domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] } }, volumes: [{ name: 'root', dataVolume: { name: 'alpine-disk' } }] } },
    },
  };

  it('creates the DataVolume, waits WaitingForVolumeBinding then Provisioning, and starts the VMI once it Succeeded', () => {
    const c = new SimCluster();
    c.apply(vm);
    expect((c.get('vm', 'ns', 'alpine')[0] as { status: string }).status).toBe('WaitingForVolumeBinding');
    c.runUntil(5);
    expect((c.get('vm', 'ns', 'alpine')[0] as { status: string }).status).toBe('Provisioning');
    expect(c.vmi('ns', 'alpine')).toBeUndefined();
    c.runUntil(200);
    const succeeded = c.events.find((e) => e.type === 'datavolume' && e.detail.phase === 'Succeeded')!.t;
    const pending = c.events.find((e) => e.source === 'vmi' && e.type === 'phase')!.t;
    expect(pending).toBe(succeeded);
    expect(c.vmi('ns', 'alpine')?.phase).toBe('Running');
    // the DataVolume is the VM's: deleting the VM removes it and its claim
    c.delete('vm', 'ns', 'alpine');
    expect(c.api.get('DataVolume', 'ns', 'alpine-disk')).toBeUndefined();
    expect(c.api.get('PersistentVolumeClaim', 'ns', 'alpine-disk')).toBeUndefined();
  });

  it('a volume whose claim does not exist keeps the VMI Pending and says which', () => {
    const c = new SimCluster();
    c.apply({ ...vm, spec: { ...vm.spec, dataVolumeTemplates: [] } });
    c.runUntil(30);
    expect(c.vmi('ns', 'alpine')).toMatchObject({ phase: 'Pending', startError: 'PVC ns/alpine-disk does not exist, waiting for it to appear' });
  });
});
