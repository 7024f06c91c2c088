// What a cluster holds after a trainee applied a lab's files (kubectl apply, create secret
// --from-file), as `kubectl get -o json` lists it: for the tests of `kvlab check --namespace`
// and the class page's checks on the cluster.
import { parseAllDocuments } from 'yaml';

/** What the cluster holds after a trainee applied `files` (kubectl apply, create secret --from-file). */
export function clusterList(files: Record<string, string>, namespace = 'alice'): Record<string, unknown> {
  const items: Record<string, unknown>[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (text.startsWith('#cloud-config')) {
      const name = `lab08-${path.endsWith('cloudinit-watchdog.yaml') ? 'cloudinit-watchdog' : 'cloudinit-probe'}`;
      items.push({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name, namespace, uid: 'u-1', resourceVersion: '7' }, data: { userdata: Buffer.from(text).toString('base64') } });
      continue;
    }
    for (const d of parseAllDocuments(text)) {
      const applied = d.toJS() as Record<string, unknown>;
      const meta = applied.metadata as Record<string, unknown>;
      items.push({
        ...applied,
        metadata: { ...meta, namespace, uid: 'u-2', generation: 3, creationTimestamp: '2026-11-25T10:00:00Z', managedFields: [{ manager: 'kubectl' }], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied), 'kubevirt.io/latest-observed-api-version': 'v1' } },
        spec: { ...(applied.spec as object), running: true }, // virtctl start flipped it
        status: { printableStatus: 'Running', ready: true },
      });
    }
  }
  return { apiVersion: 'v1', kind: 'List', items };
}
