import { describe, expect, it } from 'vitest';
import { Harness, fixture } from './harness.ts';

const SECRET = 'kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml --namespace=$USER';
const APPLY = 'kubectl apply -f labs/lab08/vm_lab08-probe.yaml --namespace=$USER';

describe('kubectl create secret generic', () => {
  it('creates the secret from a file and refuses a second one', () => {
    const h = new Harness();
    expect(h.run(SECRET)).toBe('secret/lab08-cloudinit-probe created');
    expect(h.run(SECRET)).toBe('error: failed to create secret secrets "lab08-cloudinit-probe" already exists');
    expect(h.run('kubectl get secret')).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\nlab08-cloudinit-probe\s+Opaque\s+1\s+0s$/);
    const yaml = h.run('kubectl get secret lab08-cloudinit-probe -o yaml');
    expect(yaml).toContain(`userdata: ${Buffer.from(fixture('cloudinit-probe.yaml')).toString('base64')}`);
    expect(yaml).toContain('namespace: alice');
  });

  it('says when the file is missing, as kubectl does', () => {
    const h = new Harness();
    expect(h.run('kubectl create secret generic x --from-file=userdata=labs/lab08/nope.yaml')).toBe('error: error reading labs/lab08/nope.yaml: no such file or directory');
    expect(h.run('kubectl create secret generic --from-file=userdata=labs/lab08/cloudinit-probe.yaml')).toContain('error: exactly one NAME is required, got 0');
    expect(h.run('kubectl create secret generic Bad_Name --from-literal=a=b')).toContain('The Secret "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"');
  });
});

describe('kubectl apply', () => {
  it('creates, leaves unchanged and configures a VM', () => {
    const h = new Harness();
    expect(h.run(APPLY)).toBe('virtualmachine.kubevirt.io/lab08-probe created');
    expect(h.run(APPLY)).toBe('virtualmachine.kubevirt.io/lab08-probe unchanged');
    h.files['labs/lab08/vm_lab08-probe.yaml'] = fixture('task3-vm.yaml');
    expect(h.run(APPLY)).toBe('virtualmachine.kubevirt.io/lab08-probe configured');
    expect(h.run('kubectl get vm')).toMatch(/^NAME\s+AGE\s+STATUS\s+READY\nlab08-probe\s+0s\s+Stopped\s+False$/);
  });

  it('applies every manifest of a folder', () => {
    const h = new Harness();
    const out = h.run('kubectl apply -f labs/lab08/');
    expect(out).toContain('virtualmachine.kubevirt.io/lab08-probe created');
    expect(out).toContain('virtualmachine.kubevirt.io/lab08-watchdog created');
  });

  it('reports a missing path, a YAML error, a schema error and an admission denial as kubectl shows them', () => {
    const h = new Harness();
    expect(h.run('kubectl apply -f labs/lab08/missing.yaml')).toBe('error: the path "labs/lab08/missing.yaml" does not exist');
    expect(h.run('kubectl apply')).toBe('error: must specify one of -f and -k');
    const vm = fixture('task2-vm.yaml');
    h.files['labs/lab08/bad-yaml.yaml'] = vm.replace('  running: false', '  running: false\n running: true');
    expect(h.run('kubectl apply -f labs/lab08/bad-yaml.yaml')).toMatch(/^error: error parsing labs\/lab08\/bad-yaml\.yaml: error converting YAML to JSON: yaml: line \d+: /);
    h.files['labs/lab08/unknown.yaml'] = vm.replace('  running: false', '  running: false\n  runing: true');
    expect(h.run('kubectl apply -f labs/lab08/unknown.yaml')).toBe(
      'Error from server (BadRequest): error when creating "labs/lab08/unknown.yaml": VirtualMachine in version "v1" cannot be handled as a VirtualMachine: strict decoding error: unknown field "spec.runing"',
    );
    h.files['labs/lab08/type.yaml'] = vm.replace('periodSeconds: 10', 'periodSeconds: "ten"');
    expect(h.run('kubectl apply -f labs/lab08/type.yaml')).toMatch(/^The VirtualMachine "lab08-probe" is invalid: spec\.template\.spec\.readinessProbe\.periodSeconds.* must be of type integer/);
    h.files['labs/lab08/admission.yaml'] = vm.replace('  running: false', '  running: false\n  runStrategy: Always');
    expect(h.run('kubectl apply -f labs/lab08/admission.yaml')).toMatch(
      /^Error from server: error when creating "labs\/lab08\/admission\.yaml": admission webhook "virtualmachine-validator\.kubevirt\.io" denied the request: Running and RunStrategy are mutually exclusive/,
    );
    expect(h.run('kubectl get vm')).toBe('No resources found in alice namespace.');
  });

  it("refuses what the API server's own validation refuses, as kubectl shows it", () => {
    const h = new Harness();
    h.files['labs/lab08/svc.yaml'] = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 70000\n';
    expect(h.run('kubectl apply -f labs/lab08/svc.yaml')).toBe('The Service "web" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive');
    h.files['labs/lab08/svc.yaml'] = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
    expect(h.run('kubectl apply -f labs/lab08/svc.yaml')).toBe('service/web created');
  });

  it('refuses an object for another namespace than the one given', () => {
    const h = new Harness();
    h.files['labs/lab08/ns.yaml'] = fixture('task2-vm.yaml').replace('  name: lab08-probe', '  name: lab08-probe\n  namespace: bob');
    expect(h.run('kubectl apply -f labs/lab08/ns.yaml')).toBe(
      `error: the namespace from the provided object "bob" does not match the namespace "alice". You must pass '--namespace=bob' to perform this operation.`,
    );
  });
});

describe('kubectl get', () => {
  it('prints kubectl tables for vm and vmi, -o wide, and NotFound errors', () => {
    const h = new Harness();
    h.run(SECRET);
    h.run(APPLY);
    expect(h.run('kubectl get vmi')).toBe('No resources found in alice namespace.');
    h.run('virtctl start lab08-probe');
    h.shell.advance(20);
    const vmi = h.run('kubectl get vmi');
    expect(vmi).toMatch(/^NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY\nlab08-probe\s+20s\s+Running\s+10\.244\.\d+\.\d+\s+training-worker-\d\s+False$/);
    const wide = h.run('kubectl get vmi -o wide').split('\n');
    expect(wide[0]).toMatch(/READY\s+LIVE-MIGRATABLE\s+PAUSED$/);
    // The probes VM boots from a containerDisk with masquerade: live-migratable, not paused.
    expect(wide[1]).toMatch(/training-worker-\d\s+False\s+True$/);
    h.run('virtctl pause vmi lab08-probe');
    expect(h.run('kubectl get vmi -o wide').split('\n')[1]).toMatch(/training-worker-\d\s+False\s+True\s+True$/);
    h.run('virtctl unpause vmi lab08-probe');
    expect(h.run('kubectl get vm lab08-probe')).toMatch(/lab08-probe\s+20s\s+Running\s+False$/);
    expect(h.run('kubectl get vmi nope')).toBe('Error from server (NotFound): virtualmachineinstances.kubevirt.io "nope" not found');
    expect(h.run('kubectl get vm nope')).toBe('Error from server (NotFound): virtualmachines.kubevirt.io "nope" not found');
    expect(h.run('kubectl get secret nope')).toBe('Error from server (NotFound): secrets "nope" not found');
    expect(h.run('kubectl get vm/lab08-probe -o name')).toBe('virtualmachine.kubevirt.io/lab08-probe');
  });

  it('shows the VMI as yaml with its phase, IP and Ready condition', () => {
    const h = new Harness();
    h.run(SECRET);
    h.run(APPLY);
    h.run('virtctl start lab08-probe');
    h.shell.advance(30);
    const y = h.run('kubectl get vmi lab08-probe -o yaml');
    expect(y).toMatch(/^apiVersion: kubevirt.io\/v1\nkind: VirtualMachineInstance\n/);
    expect(y).toContain('phase: Running');
    expect(y).toMatch(/- status: "False"\n\s+type: Ready/);
    expect(y).toContain('readinessProbe:');
    const j = JSON.parse(h.run('kubectl get vm lab08-probe -o json'));
    expect(j.status.printableStatus).toBe('Running');
    expect(j.metadata.namespace).toBe('alice');
  });

  it('knows services and endpoints; refuses unknown types, bad formats and other namespaces', () => {
    const h = new Harness();
    h.files['labs/lab08/svc.yaml'] = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    kubevirt.io/domain: lab08-probe\n  ports:\n    - port: 80\n      targetPort: 8081\n';
    expect(h.run('kubectl apply -f labs/lab08/svc.yaml')).toBe('service/web created');
    expect(h.run('kubectl get svc')).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP\s+0s$/);
    expect(h.run('kubectl get endpoints web')).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nweb\s+<none>\s+0s$/);
    expect(h.run('kubectl get pizza')).toBe(`error: the server doesn't have a resource type "pizza"`);
    expect(h.run('kubectl get vm -o xml')).toContain('error: unable to match a printer suitable for the output format "xml"');
    expect(h.run('kubectl get vm -n default')).toBe(
      'Error from server (Forbidden): virtualmachines.kubevirt.io is forbidden: User "system:serviceaccount:alice:alice" cannot list resource "virtualmachines" in API group "kubevirt.io" in the namespace "default"',
    );
    expect(h.run('kubectl get')).toContain('error: Required resource not specified.');
    expect(h.run('kubectl gti vm')).toContain('error: unknown command "gti" for "kubectl"');
    expect(h.run('kubectl get vm --bogus')).toContain('error: unknown flag: --bogus');
  });

  it('-w prints a line for each change until Ctrl-C', () => {
    const h = new Harness();
    h.run(SECRET);
    h.run(APPLY);
    h.run('virtctl start lab08-probe');
    h.shell.input('kubectl get vmi -w\r');
    expect(h.shell.busy).toBe(true);
    h.shell.advance(240);
    const out = h.take();
    const rows = out.split('\n').filter((l) => l.startsWith('lab08-probe'));
    expect(rows.map((r) => r.split(/\s+/)[2])).toEqual(['Pending', 'Scheduling', 'Scheduled', 'Running', 'Running']);
    expect(rows[rows.length - 1]).toMatch(/True$/);
    expect(h.keys('\x03')).toContain('^C');
    expect(h.shell.busy).toBe(false);
  });
});

describe('kubectl describe and delete', () => {
  it('describes a VM and deletes it; a second delete is NotFound', () => {
    const h = new Harness();
    h.run(APPLY);
    const d = h.run('kubectl describe vm lab08-probe');
    expect(d).toMatch(/^Name:\s+lab08-probe\nNamespace:\s+alice\n/);
    expect(d).toContain('Kind:         VirtualMachine');
    expect(d).toContain('Printable Status:');
    expect(h.run('kubectl describe vm nope')).toBe('Error from server (NotFound): virtualmachines.kubevirt.io "nope" not found');
    expect(h.run('kubectl delete vm lab08-probe')).toBe('virtualmachine.kubevirt.io "lab08-probe" deleted');
    expect(h.run('kubectl delete vm lab08-probe')).toBe('Error from server (NotFound): virtualmachines.kubevirt.io "lab08-probe" not found');
    h.run(APPLY);
    expect(h.run('kubectl delete -f labs/lab08/vm_lab08-probe.yaml')).toBe('virtualmachine.kubevirt.io "lab08-probe" deleted');
    expect(h.run('kubectl delete vm')).toBe('error: resource(s) were provided, but no name was specified');
  });
});

describe('kubectl get pods', () => {
  it('lists the virt-launcher pod of a running VMI with its readiness', () => {
    const h = new Harness();
    h.run(SECRET);
    h.run(APPLY);
    expect(h.run('kubectl get pods')).toBe('No resources found in alice namespace.');
    h.run('virtctl start lab08-probe');
    h.shell.advance(30);
    expect(h.run('kubectl get pods')).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nvirt-launcher-lab08-probe-[a-z0-9]{5}\s+1\/2\s+Running\s+0\s+30s$/);
    h.shell.advance(200);
    expect(h.run('kubectl get po')).toMatch(/virt-launcher-lab08-probe-[a-z0-9]{5}\s+2\/2\s+Running/);
    const pod = /virt-launcher-lab08-probe-[a-z0-9]{5}/.exec(h.run('kubectl get pods -o name'))![0];
    expect(h.run(`kubectl delete pod ${pod}`)).toBe(`pod "${pod}" deleted`);
    expect(h.run('kubectl delete pod virt-launcher-nope-abcde')).toBe('Error from server (NotFound): pods "virt-launcher-nope-abcde" not found');
  });
});

describe('a VM that cannot start', () => {
  it('without its cloud-init Secret the VMI stays Scheduling and describe says why', () => {
    const h = new Harness();
    h.run(APPLY);
    h.run('virtctl start lab08-probe');
    h.shell.advance(60);
    expect(h.run('kubectl get vmi')).toMatch(/lab08-probe\s+60s\s+Scheduling\s/);
    const d = h.run('kubectl describe vmi lab08-probe');
    expect(d).toMatch(/Warning\s+FailedMount\s+60s\s+kubelet\s+MountVolume\.SetUp failed for volume "cloudinitdisk": secret "lab08-cloudinit-probe" not found/);
    expect(h.run('kubectl get vmi lab08-probe -o yaml')).toContain('reason: FailedMount');
  });
});
