import { describe, expect, it } from 'vitest';
import { ApiObjects } from '../../../simulator/objects.ts';
import { SimCluster } from '../../../simulator/cluster.ts';

const clock = { now: 0 };
const cm = (name: string, data: Record<string, string>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'u', ...extra }, data });
const dv = (name: string, spec: Record<string, string>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, namespace: 'u', ...extra }, spec });

describe('ApiObjects', () => {
  it('keeps metadata as the API server does: uid, resourceVersion, generation; unchanged when the same', () => {
    const api = new ApiObjects(clock);
    expect((api.put(cm('c', {})).stored.obj.metadata as Record<string, unknown>).generation).toBeUndefined(); // core v1: no generation
    const a = api.put(dv('a', { x: '1' }));
    expect(a.verdict).toBe('created');
    const m = a.stored.obj.metadata as Record<string, unknown>;
    expect(m).toMatchObject({ name: 'a', namespace: 'u', generation: 1 });
    expect(m.uid).toMatch(/^[0-9a-f]{8}-/);
    expect(api.put(dv('a', { x: '1' })).verdict).toBe('unchanged');
    const b = api.put(dv('a', { x: '2' }));
    expect(b.verdict).toBe('configured');
    expect((b.stored.obj.metadata as Record<string, unknown>).generation).toBe(2);
    expect(b.stored.uid).toBe(a.stored.uid);
    // a label change is metadata: resourceVersion rises, generation does not
    const c = api.put(dv('a', { x: '2' }, { labels: { app: 'web' } }));
    expect((c.stored.obj.metadata as Record<string, unknown>).generation).toBe(2);
    expect(Number((c.stored.obj.metadata as Record<string, unknown>).resourceVersion)).toBeGreaterThan(Number((b.stored.obj.metadata as Record<string, unknown>).resourceVersion));
  });

  it('keeps status apart from what a writer sends, and tells watchers', () => {
    const api = new ApiObjects(clock);
    const seen: string[] = [];
    const stop = api.watch((t, o) => seen.push(`${t} ${o.kind}/${o.name}`));
    api.put(cm('a', {}));
    api.setStatus('ConfigMap', 'u', 'a', { phase: 'Bound' });
    api.put({ ...cm('a', { y: '1' }), status: { phase: 'Lost' } });
    expect(api.get('ConfigMap', 'u', 'a')!.obj.status).toEqual({ phase: 'Bound' });
    api.delete('ConfigMap', 'u', 'a');
    stop();
    api.put(cm('b', {}));
    expect(seen).toEqual(['ADDED ConfigMap/a', 'MODIFIED ConfigMap/a', 'MODIFIED ConfigMap/a', 'DELETED ConfigMap/a']);
  });

  it('lists a namespace or all of them; cluster-scoped kinds have no namespace', () => {
    const api = new ApiObjects(clock);
    api.put(cm('b', {}));
    api.put({ ...cm('a', {}), metadata: { name: 'a', namespace: 'v' } });
    api.put({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local', namespace: 'u' } });
    expect(api.list('ConfigMap', 'u').map((o) => o.name)).toEqual(['b']);
    expect(api.list('ConfigMap').map((o) => `${o.namespace}/${o.name}`)).toEqual(['u/b', 'v/a']);
    expect(api.get('StorageClass', 'anything', 'local')?.namespace).toBe('');
    expect((api.get('StorageClass', '', 'local')!.obj.metadata as Record<string, unknown>).namespace).toBeUndefined();
  });

  it('events: a repeated event raises count and last time, as client-go correlates them', () => {
    const c = { now: 5 };
    const api = new ApiObjects(c);
    const e = { type: 'Warning' as const, reason: 'BackOff', involved: { kind: 'Pod', namespace: 'u', name: 'p' }, message: 'Back-off restarting failed container', source: 'kubelet' };
    api.events.record(e);
    c.now = 9;
    api.events.record({ ...e, type: 'Normal', reason: 'Pulled', message: 'pulled' });
    c.now = 20;
    const again = api.events.record(e);
    expect(again).toMatchObject({ count: 2, firstTime: 5, lastTime: 20 });
    expect(api.events.list('u').map((x) => x.reason)).toEqual(['BackOff', 'Pulled']);
    expect(api.events.about('Pod', 'u', 'p')).toHaveLength(2);
    expect(api.events.list('other')).toEqual([]);
  });

  it('the cluster starts with three Ready worker nodes', () => {
    const cl = new SimCluster({ seed: 3 });
    const nodes = cl.api.list('Node');
    expect(nodes.map((n) => n.name)).toEqual(['training-worker-0', 'training-worker-1', 'training-worker-2']);
    const st = nodes[0]!.obj.status as { conditions: { type: string; status: string }[]; capacity: Record<string, string> };
    expect(st.conditions.find((x) => x.type === 'Ready')?.status).toBe('True');
    expect(st.capacity.cpu).toBe('8');
  });
});
