// Completion and hover for the kinds of every API group (DataVolume, Deployment, Service, Ingress,
// HPA, …): their docs load with the group when a document names the kind (ensureDocsFor), as the
// page's worker does before each call; KubeVirt's kinds (VirtualMachinePool …) need no loading.
import { describe, expect, it } from 'vitest';
import { completionsAt, ensureDocsFor, hoverAt } from '../../../validators/completion.ts';

const at = (text: string, marker: string) => {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`marker ${marker} not found`);
  return { text: text.replace(marker, ''), offset: i };
};

const DV = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: disk
spec:
  source:
    §
  storage:
    resources:
      requests:
        storage: 1Gi
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
          §
`;

describe('completion and hover of the other API groups', () => {
  it("offers a DataVolume's source types under spec.source, once CDI's docs are loaded", async () => {
    const { text, offset } = at(DV, '§');
    expect(completionsAt(text, offset)).toEqual([]); // the group's docs are not loaded yet
    await ensureDocsFor(text);
    const labels = completionsAt(text, offset).map((c) => c.label);
    for (const s of ['http', 'registry', 'pvc', 'blank', 'upload', 's3', 'gcs', 'snapshot', 'imageio', 'vddk']) expect(labels).toContain(s);
    const http = completionsAt(text, offset).find((c) => c.label === 'http')!;
    expect(http.documentation).toMatch(/^\*\*http\*\*/);
  });

  it("hovers a Deployment's field with its Kubernetes description; offers a container's fields", async () => {
    const { text, offset } = at(DEPLOY, '§');
    await ensureDocsFor(text);
    const h = hoverAt(text, text.indexOf('replicas') + 2);
    expect(h?.markdown).toMatch(/^\*\*replicas\*\* \*\(integer\)\*/);
    expect(h?.markdown).toContain('Number of desired pods');
    expect(h?.range).toEqual({ start: text.indexOf('replicas'), end: text.indexOf('replicas') + 'replicas'.length });
    const labels = completionsAt(text, offset).map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['ports', 'resources', 'readinessProbe', 'imagePullPolicy']));
    expect(labels).not.toContain('image'); // written already
    const tmpl = hoverAt(text, text.indexOf('containers') + 1);
    expect(tmpl?.markdown).toMatch(/^\*\*containers\*\* \*\(array Container\)\* — required/);
  });

  it('serves Service, Ingress and both HPA versions (each apiVersion its own schema), and KubeVirt pools without loading', async () => {
    // (the Kubernetes 1.32 spec kvlab reads carries no enums: the values are in the descriptions)
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  §\n';
    const s = at(svc, '§');
    await ensureDocsFor(s.text);
    const svcLabels = completionsAt(s.text, s.offset).map((c) => c.label);
    expect(svcLabels).toEqual(expect.arrayContaining(['ports', 'selector', 'sessionAffinity']));
    expect(svcLabels).not.toContain('type');
    expect(hoverAt(s.text, s.text.indexOf('type:'))?.markdown).toContain('Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer');
    const ing = at('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  §\n', '§');
    await ensureDocsFor(ing.text);
    expect(completionsAt(ing.text, ing.offset).map((c) => c.label)).toEqual(expect.arrayContaining(['rules', 'tls', 'defaultBackend', 'ingressClassName']));
    const v2 = at('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  §\n', '§');
    await ensureDocsFor(v2.text);
    expect(completionsAt(v2.text, v2.offset).map((c) => c.label)).toContain('metrics');
    const v1 = at(v2.text.replace('autoscaling/v2', 'autoscaling/v1').slice(0, v2.offset - 1) + '§\n', '§');
    const v1Labels = completionsAt(v1.text, v1.offset).map((c) => c.label);
    expect(v1Labels).toContain('targetCPUUtilizationPercentage');
    expect(v1Labels).not.toContain('metrics');
    const pool = at('apiVersion: pool.kubevirt.io/v1beta1\nkind: VirtualMachinePool\nmetadata:\n  name: p\nspec:\n  §\n', '§');
    expect(completionsAt(pool.text, pool.offset).map((c) => c.label)).toEqual(expect.arrayContaining(['replicas', 'selector', 'virtualMachineTemplate']));
  });
});
