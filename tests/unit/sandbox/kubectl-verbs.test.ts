// kubectl's verbs beyond apply/get/describe/delete, against kubectl v1.32's output, errors and exit codes.
import { describe, expect, it } from 'vitest';
import { Harness, fixture } from './harness.ts';
import { execute } from '../../../sandbox/kubectl/jsonpath.ts';
import { matches, parseSelector } from '../../../sandbox/kubectl/selector.ts';
import { jsonPatch, mergePatch } from '../../../sandbox/kubectl/patch.ts';

const CM = (name: string, tier: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels:\n    tier: ${tier}\ndata:\n  singlevalue: one\n`;

function withConfigMaps(): Harness {
  const h = new Harness();
  h.files['labs/cm/app.yaml'] = CM('app', 'web');
  h.files['labs/cm/db.yaml'] = CM('db', 'db');
  expect(h.run('kubectl apply -f labs/cm/')).toBe('configmap/app created\nconfigmap/db created');
  return h;
}

/** The exit code of the last command ($?). */
const code = (h: Harness) => h.run('echo $?');

describe('kubectl get: selectors, -A, --show-labels, jsonpath, custom-columns', () => {
  it('filters with -l (=, ==, !=, in, notin, exists, !key) and shows labels', () => {
    const h = withConfigMaps();
    const names = (sel: string) => h.run(`kubectl get cm -l '${sel}' -o name`);
    expect(names('tier=web')).toBe('configmap/app');
    expect(names('tier==db')).toBe('configmap/db');
    expect(names('tier!=web')).toBe('configmap/db');
    expect(names('tier in (web,db)')).toBe('configmap/app\nconfigmap/db');
    expect(names('tier notin (web)')).toBe('configmap/db');
    expect(names('tier')).toBe('configmap/app\nconfigmap/db');
    expect(names('!tier')).toBe('No resources found in alice namespace.'); // kubectl says so with -o name too
    expect(h.run('kubectl get cm -l tier=nope')).toBe('No resources found in alice namespace.');
    expect(h.run('kubectl get cm -l tier!=web --show-labels')).toMatch(/^NAME\s+DATA\s+AGE\s+LABELS\ndb\s+1\s+0s\s+tier=db$/);
    expect(h.run("kubectl get cm -l 'a b'")).toMatch(/^error: unable to parse requirement/);
    expect(code(h)).toBe('1');
  });

  it('-A adds the NAMESPACE column; nodes are cluster-scoped', () => {
    const h = withConfigMaps();
    expect(h.run('kubectl get cm -A')).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE\nalice\s+app\s+1\s+0s\nalice\s+db\s+1\s+0s$/);
    expect(h.run('kubectl get nodes')).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\ntraining-worker-0\s+Ready\s+worker\s+0s\s+v1\.34\.1\ntraining-worker-1\s+.*\ntraining-worker-2\s+Ready/);
    expect(h.run('kubectl get nodes -o wide').split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    expect(h.run('kubectl get nodes -A')).toMatch(/^NAME\s+STATUS/); // no NAMESPACE column for a cluster-scoped kind
    expect(h.run('kubectl describe node training-worker-1')).toMatch(/^Name:\s+training-worker-1\nLabels:/);
    expect(h.run('kubectl get pvc -A')).toBe('No resources found');
  });

  it('-o jsonpath and -o custom-columns print as kubectl does', () => {
    const h = withConfigMaps();
    h.take();
    h.shell.input("kubectl get cm app -o jsonpath='{.data.singlevalue}'\r");
    expect(h.take().split('\n')[1]).toMatch(/^one\S*@sandbox/); // no newline after a template, as kubectl
    expect(h.run(`kubectl get cm -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.metadata.labels.tier}{"\\n"}{end}'`)).toBe('app\tweb\ndb\tdb');
    expect(h.run('kubectl get cm -o custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,NONE:.spec.x')).toMatch(/^NAME\s+TIER\s+NONE\napp\s+web\s+<none>\ndb\s+db\s+<none>$/);
    expect(h.run('kubectl get cm -o custom-columns=bad')).toBe('error: unexpected custom-columns spec: bad, expected <header>:<json-path-expr>');
    expect(h.run("kubectl get cm -o jsonpath='{.items[0'")).toMatch(/^error: error parsing jsonpath/);
    expect(h.run('kubectl get cm -o go-template={{.}}')).toMatch(/^kvlab sandbox: -o go-template is not simulated/);
    expect(h.run("kubectl get nodes -o jsonpath='{.items[*].status.addresses[?(@.type==\"InternalIP\")].address}'")).toBe('');
  });

  it('the JSONPath evaluator covers fields, [*], [n], slices, filters, range and recursive descent', () => {
    const doc = { items: [{ n: 'a', c: [{ type: 'Ready', status: 'True' }], v: 1 }, { n: 'b', c: [{ type: 'Ready', status: 'False' }], v: 2 }] };
    expect(execute('{.items[*].n}', doc)).toBe('a b');
    expect(execute('{.items[1].n}', doc)).toBe('b');
    expect(execute('{.items[-1:].n}', doc)).toBe('b');
    expect(execute('{.items[?(@.v>1)].n}', doc)).toBe('b');
    expect(execute('{.items[*].c[?(@.type=="Ready")].status}', doc)).toBe('True False');
    expect(execute('{range .items[*]}[{.n}]{end}', doc)).toBe('[a][b]');
    expect(execute('{..type}', doc)).toBe('Ready Ready');
    expect(execute('{.items[0].c}', doc)).toBe('[{"type":"Ready","status":"True"}]');
    expect(execute('x={.missing}', doc)).toBe('x=');
    expect(() => execute('{.items[5]}', doc)).toThrow(/out of bounds/);
  });

  it('label selectors parse as labels.Parse does', () => {
    expect(matches(parseSelector('a!=1'), {})).toBe(true);
    expect(matches(parseSelector('a in (1,2),!b'), { a: '2' })).toBe(true);
    expect(matches(parseSelector('a in (1,2),!b'), { a: '2', b: '' })).toBe(false);
    expect(() => parseSelector('a=(x')).toThrow(/unable to parse requirement/);
  });
});

describe('kubectl label and annotate', () => {
  it('adds, refuses without --overwrite, overwrites and removes with KEY-', () => {
    const h = withConfigMaps();
    expect(h.run('kubectl label cm app env=prod')).toBe('configmap/app labeled');
    expect(h.run('kubectl label cm app env=dev')).toBe("error: 'env' already has a value (prod), and --overwrite is false");
    expect(code(h)).toBe('1');
    expect(h.run('kubectl label cm app env=dev --overwrite')).toBe('configmap/app labeled');
    expect(h.run('kubectl label cm app env=dev --overwrite')).toBe('configmap/app not labeled');
    expect(h.run('kubectl get cm -l env=dev -o name')).toBe('configmap/app');
    expect(h.run('kubectl label cm/app env-')).toBe('configmap/app labeled');
    expect(h.run('kubectl label cm app nothing-')).toBe('label "nothing" not found.\nconfigmap/app not labeled');
    expect(h.run('kubectl label cm app')).toMatch(/^error: at least one label update is required/);
    expect(h.run('kubectl label cm nope a=b')).toBe('Error from server (NotFound): configmaps "nope" not found');
    expect(h.run('kubectl label cm app bad=-x-')).toMatch(/^error: invalid label value: "bad=-x-"/);
    expect(h.run('kubectl annotate cm app note=hello')).toBe('configmap/app annotated');
    expect(h.run('kubectl annotate cm app note=bye')).toBe("error: 'note' already has a value (hello), and --overwrite is false");
    expect(h.run("kubectl get cm app -o jsonpath='{.metadata.annotations.note}{\"\\n\"}'")).toBe('hello');
    expect(h.run('kubectl annotate cm app note-')).toBe('configmap/app annotated');
  });

  it('says a derived object (a VMI) is not simulated for a change', () => {
    const h = new Harness();
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    h.run('virtctl start lab08-probe');
    h.shell.advance(30);
    expect(h.run('kubectl label vmi lab08-probe a=b')).toMatch(/^kvlab sandbox: kubectl label of a VirtualMachineInstance .* is not simulated; use connected mode/);
    expect(h.run('kubectl label vm lab08-probe a=b')).toBe('virtualmachine.kubevirt.io/lab08-probe labeled');
  });
});

describe('kubectl patch', () => {
  it('merge and JSON patches; (no change); a strategic patch of a custom resource is refused', () => {
    const h = withConfigMaps();
    expect(h.run(`kubectl patch cm app --type json --patch '[{ "op": "replace", "path": "/data/singlevalue", "value": "kubevirt-training" }]'`)).toBe('configmap/app patched');
    expect(h.run(`kubectl patch cm app --type merge -p '{"data":{"singlevalue":"kubevirt-training"}}'`)).toBe('configmap/app patched (no change)');
    expect(h.run(`kubectl patch cm app -p '{"data":{"x":"1"}}'`)).toBe('configmap/app patched');
    expect(h.run(`kubectl patch cm app --type json -p '[{"op":"remove","path":"/data/nope"}]'`)).toBe('The request is invalid: the server rejected our request due to an error in our request');
    expect(code(h)).toBe('1');
    expect(h.run(`kubectl patch cm app --type xml -p '{}'`)).toBe('error: --type must be one of [json merge strategic], not "xml"');
    expect(h.run('kubectl patch cm app')).toBe('error: must specify --patch or --patch-file containing the contents of the patch');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    expect(h.run(`kubectl patch vm lab08-probe -p '{"spec":{"running":true}}'`)).toBe(
      'Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    expect(h.run(`kubectl patch vm lab08-probe --type merge -p '{"spec":{"running":true}}'`)).toBe('virtualmachine.kubevirt.io/lab08-probe patched');
    expect(h.run("kubectl get vm lab08-probe -o jsonpath='{.spec.running}{\"\\n\"}'")).toBe('true');
    expect(h.run('kubectl get vm lab08-probe')).toMatch(/lab08-probe\s+\S+\s+(Starting|Running)/);
    // the webhook judges a patched VM as it judges an applied one
    expect(h.run(`kubectl patch vm lab08-probe --type merge -p '{"spec":{"runStrategy":"Always"}}'`)).toMatch(/^Error from server: admission webhook "virtualmachine-validator\.kubevirt\.io" denied the request: .*mutually exclusive/);
    expect(h.run(`kubectl patch virtualmachine lab08-probe --type='json' -p='[{"op": "add", "path": "/spec/template/metadata/labels/acend.ch~1training", "value":"kubevirt"}]'`)).toBe('virtualmachine.kubevirt.io/lab08-probe patched');
    expect(h.run("kubectl get vm lab08-probe -o jsonpath='{.spec.template.metadata.labels.acend\\.ch/training}'")).toBe('');
  });

  it("patches a DataVolume's claim (the resizing lab): CDI's ownerReference carries the DataVolume's uid", () => {
    const h = new Harness();
    h.files['labs/lab06/dv.yaml'] = 'apiVersion: cdi.kubevirt.io/v1beta1\nkind: DataVolume\nmetadata:\n  name: lab06-expand-disk\nspec:\n  source:\n    blank: {}\n  storage:\n    resources:\n      requests:\n        storage: 4Gi\n';
    expect(h.run('kubectl apply -f labs/lab06/dv.yaml')).toBe('datavolume.cdi.kubevirt.io/lab06-expand-disk created');
    h.shell.advance(60);
    const dvUid = h.run("kubectl get dv lab06-expand-disk -o jsonpath='{.metadata.uid}{\"\\n\"}'");
    expect(dvUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.run("kubectl get pvc lab06-expand-disk -o jsonpath='{.metadata.ownerReferences[0].kind} {.metadata.ownerReferences[0].uid}{\"\\n\"}'")).toBe(`DataVolume ${dvUid}`);
    expect(h.run(`kubectl patch pvc lab06-expand-disk --type='json' -p='[{"op": "replace", "path": "/spec/resources/requests/storage", "value":"8Gi"}]'`)).toBe('persistentvolumeclaim/lab06-expand-disk patched');
    expect(h.run("kubectl get pvc lab06-expand-disk -o jsonpath='{.spec.resources.requests.storage}{\"\\n\"}'")).toBe('8Gi');
  });

  it('implements RFC 7386 and RFC 6902', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 } })).toEqual({ a: 1, b: { d: 3, e: 4 } });
    expect(mergePatch({ l: [{ name: 'x', v: 1 }] }, { l: [{ name: 'x', v: 2 }, { name: 'y' }] }, true)).toEqual({ l: [{ name: 'x', v: 2 }, { name: 'y' }] });
    expect(jsonPatch({ a: [1, 2] } as never, [{ op: 'add', path: '/a/-', value: 3 }, { op: 'move', from: '/a/0', path: '/b' }, { op: 'test', path: '/b', value: 1 }])).toEqual({ a: [2, 3], b: 1 });
    expect(() => jsonPatch({ a: 1 } as never, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test failed/);
  });
});

describe('kubectl scale', () => {
  it('needs --replicas and a scalable kind', () => {
    const h = withConfigMaps();
    expect(h.run('kubectl scale cm app')).toBe('error: required flag(s) "replicas" not set');
    expect(h.run('kubectl scale cm app --replicas=x')).toMatch(/^error: invalid argument "x" for "--replicas" flag/);
    expect(h.run('kubectl scale cm app --replicas=-1')).toBe('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    expect(h.run('kubectl scale cm app --replicas 2')).toBe('Error from server (NotFound): the server could not find the requested resource');
    expect(h.run('kubectl scale vmpool nope --replicas 2')).toBe('Error from server (NotFound): virtualmachinepools.pool.kubevirt.io "nope" not found');
  });

  it('scales a VirtualMachinePool (its spec.replicas; DESIRED shows it)', () => {
    const h = new Harness();
    h.files['labs/pool.yaml'] = fixture('task2-vm.yaml').replace(/^/, '');
    const pool = `apiVersion: pool.kubevirt.io/v1beta1\nkind: VirtualMachinePool\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  virtualMachineTemplate:\n    metadata:\n      labels:\n        app: web\n    spec:\n      runStrategy: Always\n      template:\n        metadata:\n          labels:\n            app: web\n        spec:\n          domain:\n            devices: {}\n            resources:\n              requests:\n                memory: 64Mi\n`;
    h.files['labs/pool.yaml'] = pool;
    expect(h.run('kubectl apply -f labs/pool.yaml').split('\n')[0]).toBe('virtualmachinepool.pool.kubevirt.io/web created');
    expect(h.run('kubectl scale vmpool web --replicas 0').split('\n')[0]).toBe('virtualmachinepool.pool.kubevirt.io/web scaled');
    expect(h.run("kubectl get vmpool web -o jsonpath='{.spec.replicas}{\"\\n\"}'")).toBe('0');
    expect(h.run('kubectl get vmpool')).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb\s+0\s+/);
  });
});

describe('kubectl wait', () => {
  it('waits in simulated time for a condition or a jsonpath value, and times out as kubectl does', () => {
    const h = new Harness();
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    h.shell.input('kubectl wait vm lab08-probe --for=condition=Ready --timeout=5s\r');
    h.shell.advance(4);
    expect(h.shell.busy).toBe(true);
    h.shell.advance(1);
    expect(h.take()).toContain('error: timed out waiting for the condition on virtualmachines/lab08-probe');
    expect(code(h)).toBe('1');
    h.run('virtctl start lab08-probe');
    h.shell.input('kubectl wait vmi/lab08-probe --for=jsonpath={.status.phase}=Running --timeout=5m\r');
    expect(h.shell.busy).toBe(true);
    h.shell.advance(300);
    expect(h.take()).toContain('virtualmachineinstance.kubevirt.io/lab08-probe condition met');
    expect(code(h)).toBe('0');
    h.shell.input('kubectl wait vm lab08-probe --for condition=Ready --timeout=10m\r');
    h.shell.advance(600);
    expect(h.take()).toContain('virtualmachine.kubevirt.io/lab08-probe condition met');
    expect(h.run('kubectl wait vm nope --for=condition=Ready')).toBe('Error from server (NotFound): virtualmachines.kubevirt.io "nope" not found');
    expect(h.run('kubectl wait vm lab08-probe --for=ready')).toBe('error: unrecognized condition: "ready"');
    expect(h.run('kubectl wait vm lab08-probe --for=condition=Ready --timeout=300')).toBe('error: invalid argument "300" for "--timeout" flag: time: missing unit in duration "300"');
  });
});

describe('kubectl get events, logs, explain; what is not simulated', () => {
  it('lists the events controllers record, ordered as the API lists them, with repeats counted', () => {
    const h = new Harness();
    const api = h.shell.sandbox.cluster.api;
    api.events.record({ type: 'Normal', reason: 'SuccessfulCreate', involved: { kind: 'VirtualMachine', namespace: 'alice', name: 'web' }, message: 'Started the virtual machine by creating the new virtual machine instance web', source: 'virtualmachine-controller' });
    h.shell.advance(30);
    const warn = { type: 'Warning' as const, reason: 'Unhealthy', involved: { kind: 'Pod', namespace: 'alice', name: 'virt-launcher-web-abcde' }, message: 'Readiness probe failed', source: 'kubelet' };
    api.events.record(warn);
    h.shell.advance(10);
    api.events.record(warn);
    expect(h.run('kubectl get events')).toMatch(
      /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n0s \(x2 over 10s\)\s+Warning\s+Unhealthy\s+pod\/virt-launcher-web-abcde\s+Readiness probe failed\n40s\s+Normal\s+SuccessfulCreate\s+virtualmachine\/web\s+Started the virtual machine/,
    );
    expect(h.run('kubectl get events --sort-by=.lastTimestamp -o custom-columns=REASON:.reason,COUNT:.count')).toMatch(/^REASON\s+COUNT\nSuccessfulCreate\s+1\nUnhealthy\s+2$/);
  });

  it('logs of a launcher pod; errors as kubectl prints them', () => {
    const h = new Harness();
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    h.run('virtctl start lab08-probe');
    h.shell.advance(60);
    const pod = /virt-launcher-lab08-probe-[a-z0-9]{5}/.exec(h.run('kubectl get pods -o name'))![0];
    const out = h.run(`kubectl logs ${pod}`);
    expect(out.split('\n')[0]).toBe('Defaulted container "compute" out of: compute, guest-console-log, container-disk-binary (init), volumecontainerdisk-init (init)');
    expect(out).toMatch(/\{"component":"virt-launcher","level":"info","msg":"Domain started\.",/);
    expect(h.run(`kubectl logs ${pod} -c compute --tail=1`)).toMatch(/^\{"component":"virt-launcher".*"msg":"Domain started\./);
    expect(h.run(`kubectl logs ${pod} -c nope`)).toBe(`error: container nope is not valid for pod ${pod}`);
    expect(h.run('kubectl logs nope')).toBe('Error from server (NotFound): pods "nope" not found');
    expect(h.run('kubectl logs')).toMatch(/^error: expected POD or TYPE\/NAME is a required argument/);
  });

  it('explains a kind and a field from the schemas', async () => {
    const h = new Harness();
    h.shell.input('kubectl explain vm.spec.running\r');
    await expect.poll(() => h.raw, { timeout: 20_000 }).toMatch(/RunStrategy instead\./);
    const out = h.take();
    expect(out).toMatch(/GROUP:      kubevirt\.io\nKIND:       VirtualMachine\nVERSION:    v1\n\nFIELD: running <boolean>\n\nDESCRIPTION:\n    Running controls whether/);
    h.shell.input('kubectl explain vm.spec.nope\r');
    await expect.poll(() => h.raw, { timeout: 20_000 }).toMatch(/field "nope" does not exist/);
    h.take();
    h.shell.input('kubectl explain vmi\r');
    await expect.poll(() => h.raw, { timeout: 20_000 }).toMatch(/FIELDS:/);
    expect(h.take()).toMatch(/KIND:       VirtualMachineInstance\nVERSION:    v1\n\nDESCRIPTION:\n    VirtualMachineInstance is \*the\* VirtualMachineInstance Definition/);
  });

  it('one line names what is not simulated and points to connected mode; exit 1', () => {
    const h = new Harness();
    expect(h.run('kubectl top nodes')).toBe('kvlab sandbox: kubectl top is not simulated; use connected mode (a real cluster) for it');
    expect(code(h)).toBe('1');
    expect(h.run('kubectl get pods --namespace cdi')).toMatch(/^kvlab sandbox: namespace "cdi" .* is not simulated; use connected mode/);
    expect(h.run('kubectl edit cm x')).toBe('Error from server (NotFound): configmaps "x" not found');
    h.files['labs/hpa.yaml'] = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 3\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n';
    // the HPA has a simulated controller (simulator/hpa.ts): no stored-only note
    expect(h.run('kubectl apply -f labs/hpa.yaml')).toBe('horizontalpodautoscaler.autoscaling/web created');
    h.files['labs/sts.yaml'] = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: db\n          image: postgres:17\n';
    expect(h.run('kubectl apply -f labs/sts.yaml').split('\n')[1]).toMatch(/^kvlab sandbox: StatefulSet objects are stored but their controller is not simulated/);
  });
});

describe('Deployments and their pods', () => {
  it('a Deployment gets a ReplicaSet and pods that run; scale adds and removes pods; delete removes them', () => {
    const h = new Harness();
    h.files['labs/web.yaml'] = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
    expect(h.run('kubectl apply -f labs/web.yaml')).toBe('deployment.apps/web created');
    expect(h.run('kubectl get pods')).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb-[a-z0-9]{10}-[a-z0-9]{5}\s+0\/1\s+ContainerCreating\s+0\s+0s\nweb-[a-z0-9]{10}-[a-z0-9]{5}\s+0\/1\s+ContainerCreating/);
    h.shell.advance(5);
    expect(h.run('kubectl get deploy')).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+2\/2\s+2\s+2\s+5s$/);
    expect(h.run('kubectl get pods -o wide')).toMatch(/web-\S+\s+1\/1\s+Running\s+0\s+5s\s+10\.244\.\d+\.\d+\s+training-worker-\d/);
    expect(h.run('kubectl scale deployment web --replicas=3')).toBe('deployment.apps/web scaled');
    h.shell.advance(5);
    expect(h.run('kubectl get rs')).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb-[a-z0-9]{10}\s+3\s+3\s+3\s+10s$/);
    expect(h.run('kubectl get events --sort-by=.lastTimestamp -o custom-columns=REASON:.reason')).toContain('ScalingReplicaSet');
    expect(h.run('kubectl get pods -l app=web -o name').split('\n')).toHaveLength(3);
    expect(h.run('kubectl delete deploy web')).toBe('deployment.apps "web" deleted');
    expect(h.run('kubectl get pods')).toBe('No resources found in alice namespace.');
  });
});

describe('kubectl delete --cascade', () => {
  it('background and foreground delete with the children; orphan of an owner says it is not simulated; kubectl\'s errors and warnings', () => {
    const h = new Harness();
    h.run('kubectl create secret generic s1 --from-literal=a=b');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    expect(h.run('kubectl delete secret s1 --cascade=orphan')).toBe('secret "s1" deleted');
    h.run('virtctl start lab08-probe');
    h.shell.advance(30);
    expect(h.run('kubectl delete vm lab08-probe --cascade=orphan')).toBe('kvlab sandbox: kubectl delete --cascade=orphan of a VirtualMachine (its children left running without an owner) is not simulated; use connected mode (a real cluster) for it; --cascade=background or foreground delete it with its children');
    expect(h.run('echo $?')).toBe('1');
    expect(h.run('kubectl delete vm lab08-probe --cascade=sideways')).toBe('error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan".');
    expect(h.run('kubectl delete vm lab08-probe --cascade=true')).toBe('warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\nvirtualmachine.kubevirt.io "lab08-probe" deleted');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    expect(h.run('kubectl delete vm lab08-probe --cascade=foreground --wait=false')).toBe('virtualmachine.kubevirt.io "lab08-probe" deleted');
    expect(h.run('kubectl delete vm lab08-probe --cascade')).toBe('Error from server (NotFound): virtualmachines.kubevirt.io "lab08-probe" not found');
    expect(h.run('kubectl delete vm lab08-probe --ignore-not-found')).toBe('');
    expect(h.run('echo $?')).toBe('0');
  });

  it("orphan of a stopped VM keeps its template DataVolume and claim, owned by nobody (the images lab keeps its provisioned disk)", () => {
    const vm = (name: string) => `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: ${name}\nspec:\n  runStrategy: Halted\n  dataVolumeTemplates:\n    - metadata:\n        name: ${name}-disk\n      spec:\n        source:\n          blank: {}\n        storage:\n          resources:\n            requests:\n              storage: 1Gi\n  template:\n    spec:\n      domain:\n        devices:\n          disks:\n            - name: disk\n              disk:\n                bus: virtio\n        resources:\n          requests:\n            memory: 128Mi\n      volumes:\n        - name: disk\n          dataVolume:\n            name: ${name}-disk\n`;
    const h = new Harness({ files: { 'keep.yaml': vm('provisioner'), 'gone.yaml': vm('other') } });
    h.run('kubectl apply -f keep.yaml');
    h.run('kubectl apply -f gone.yaml');
    h.shell.advance(120);
    const owner = (dv: string) => h.run(`kubectl get dv ${dv} -o jsonpath='{.metadata.ownerReferences[*].kind}{"\\n"}'`);
    expect(owner('provisioner-disk')).toBe('VirtualMachine');
    expect(h.run('kubectl delete vm provisioner --cascade=orphan')).toBe('virtualmachine.kubevirt.io "provisioner" deleted');
    expect(h.run('kubectl delete vm other')).toBe('virtualmachine.kubevirt.io "other" deleted');
    h.shell.advance(5);
    expect(h.run('kubectl get vm')).toBe('No resources found in alice namespace.');
    expect(h.run('kubectl get dv -o name')).toBe('datavolume.cdi.kubevirt.io/provisioner-disk');
    expect(owner('provisioner-disk')).toBe('');
    expect(h.run('kubectl get pvc -o name')).toBe('persistentvolumeclaim/provisioner-disk');
    // a page reload replays the shell's log: the orphan stays
    const again = new Harness({ files: h.files, state: h.shell.snapshot() });
    expect(again.run('kubectl get dv -o name')).toBe('datavolume.cdi.kubevirt.io/provisioner-disk');
  });
});

describe('kubectl describe: the Events section', () => {
  it("lists the object's own events as DescribeEvents does (oldest first, tabwriter gap of 2, a repeat as (xN over …))", () => {
    const h = new Harness();
    h.files['labs/lab06/dv.yaml'] = 'apiVersion: cdi.kubevirt.io/v1beta1\nkind: DataVolume\nmetadata:\n  name: disk\nspec:\n  source:\n    http:\n      url: https://example.com/disk.img\n  storage:\n    resources:\n      requests:\n        storage: 1Gi\n';
    h.run('kubectl apply -f labs/lab06/dv.yaml');
    h.shell.advance(120);
    const d = h.run('kubectl describe dv disk');
    const events = d.slice(d.indexOf('Events:')).split('\n');
    expect(events.slice(0, 3)).toEqual([
      'Events:',
      expect.stringMatching(/^  Type    Reason +Age +From +Message$/),
      expect.stringMatching(/^  ----    ------ +---- +---- +-------$/),
    ]);
    expect(events[3]).toMatch(/^  Normal  Pending +2m +datavolume-import-controller  PVC disk Pending$/);
    expect(events.some((l) => /^  Normal  ImportSucceeded +\S+ +datavolume-import-controller  Successfully imported into PVC disk$/.test(l))).toBe(true);
    // another object's events are not its own; an object without any says <none>
    expect(events.every((l, i) => i < 3 || l.includes('disk'))).toBe(true);
    h.run('kubectl create secret generic c --from-literal=a=b');
    expect(h.run('kubectl describe secret c')).toMatch(/\nEvents: +<none>$/);
    // an event seen again (client-go's correlator raised its count) reads "last (xN over first)"
    const warn = { type: 'Warning' as const, reason: 'Checked', involved: { kind: 'Secret', namespace: 'alice', name: 'c' }, message: 'looked at', source: 'tester' };
    h.shell.sandbox.cluster.api.events.record(warn);
    h.shell.advance(90);
    h.shell.sandbox.cluster.api.events.record(warn);
    h.shell.advance(30);
    expect(h.run('kubectl describe secret c')).toMatch(/\n  Warning  Checked  30s \(x2 over 2m\)  tester  looked at$/);
  });
});
