import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runScript, scriptLines } from '../../../sandbox/run-script.ts';
import { blockFor, labScript, pathsOf, runLab, type LabBlock } from '../../../sandbox/lab-commands.ts';
import { validateText } from '../../../validators/index.ts';
import { labFiles, fixture } from './harness.ts';
import * as sandboxCommand from '../../../scripts/commands/sandbox.ts';
import { kvlabSandbox } from './run-sandbox.ts';

const LAB = [
  'kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml',
  'kubectl apply -f labs/lab08/vm_lab08-probe.yaml',
  'virtctl start lab08-probe',
  'sleep 240',
  'kubectl get vmi',
].join('\n');

describe('runScript (kvlab sandbox --run)', () => {
  it('prints what the terminal shows, moves simulated time with sleep, exits with the last command', async () => {
    const r = await runScript(scriptLines(LAB), { user: 'alice', validate: validateText, files: () => labFiles() });
    expect(r.transcript).toContain('alice@sandbox:~$ kubectl apply -f labs/lab08/vm_lab08-probe.yaml\nvirtualmachine.kubevirt.io/lab08-probe created\n');
    expect(r.transcript).toMatch(/alice@sandbox:~\$ kubectl get vmi\nNAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY\nlab08-probe\s+4m\d*s?\s+Running\s+\S+\s+training-worker-\d\s+True/);
    expect(r.code).toBe(0);
    expect(r.steps.map((s) => s.code)).toEqual([0, 0, 0, 0, 0]);
    const bad = await runScript(scriptLines('kubectl get vm\nkubectl get pizza'), { user: 'alice', validate: validateText });
    expect(bad.code).toBe(1);
    expect(bad.steps[1]!.output).toBe('error: the server doesn\'t have a resource type "pizza"');
  });

  it('stops a watch after the limit; lines after virtctl console go into the guest until ^]', async () => {
    const r = await runScript(scriptLines(`${LAB}\nkubectl get vm -w\nvirtctl console lab08-probe\nfedora\n^]\nkubectl get vm -o name`), { user: 'alice', validate: validateText, files: () => labFiles(), watchLimit: 10 });
    const watch = r.steps[5]!;
    expect(watch.stopped).toBe(true);
    expect(watch.code).toBe(130);
    expect(r.steps[6]!.code).toBeUndefined(); // the console is open
    expect(r.steps[7]!.output).toContain('Password:');
    expect(r.steps[9]!.output).toBe('virtualmachine.kubevirt.io/lab08-probe');
    expect(r.code).toBe(0);
  });

  it('joins continued lines and leaves out comments and blank lines', () => {
    expect(scriptLines('# c\n\nkubectl get \\\n  vm\necho hi', 'x.sh')).toEqual([
      { text: 'kubectl get vm', file: 'x.sh', line: 3 },
      { text: 'echo hi', file: 'x.sh', line: 5 },
    ]);
  });
});

describe('lab commands (kvlab lint --commands)', () => {
  const block = (b: Partial<LabBlock>): LabBlock => ({ file: 'lab.md', line: 1, lang: 'bash', text: '', before: '', ...b });

  it('sorts a training\'s bash lines into commands and what is left out, with reasons', () => {
    const { lines, skipped } = labScript([
      block({ text: 'kubectl get vm --namespace=$USER\nNAME   AGE', line: 10 }),
      block({ text: 'kubectl get pod virt-launcher-<pod> -o yaml', line: 20 }),
      block({ text: 'virtctl console vm1\nsudo systemctl stop httpserver', line: 30 }),
      block({ text: 'ssh fedora@1.2.3.4\nkubectl get secrets x -o jsonpath={.data.u} | base64 -d', line: 40 }),
      block({ text: 'apiVersion: v1', lang: 'yaml', line: 50 }),
    ]);
    expect(lines.map((l) => `${l.line}:${l.text}`)).toEqual(['11:kubectl get vm --namespace=$USER', '31:virtctl console vm1', '31:^]', '42:kubectl get secrets x -o jsonpath={.data.u} | base64 -d']);
    expect(skipped.map((s) => `${s.line}:${s.reason}`)).toEqual([
      '12:command output or text shown as a bash block',
      '21:has a placeholder to fill in',
      '32:runs in the guest (virtctl console)',
      '41:not simulated: ssh',
    ]);
  });

  it('takes a here-document\'s body with its command, comments and blank lines kept', () => {
    const body = '#cloud-config\n\npassword: x   # a comment\n';
    expect(scriptLines(`cat <<EOF > c.yaml\n${body}EOF\necho done`, 'x.sh')).toEqual([
      { text: `cat <<EOF > c.yaml\n${body}EOF`, file: 'x.sh', line: 1 },
      { text: 'echo done', file: 'x.sh', line: 6 },
    ]);
    const { lines, skipped } = labScript([block({ text: `kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: <Kind>\nEOF\nkubectl get vm`, line: 5 })]);
    expect(lines.map((l) => `${l.line}:${l.text}`)).toEqual(["6:kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: <Kind>\nEOF", '10:kubectl get vm']);
    expect(skipped).toEqual([]);
  });

  it('finds the block a command\'s file comes from: named in the prose before it, else the page\'s latest manifest', () => {
    const vm = fixture('task2-vm.yaml');
    const blocks = [
      block({ lang: 'yaml', text: vm, before: 'Create a file `firstvm.yaml` in `labs/lab01`:' }),
      block({ lang: 'yaml', text: vm.replace('lab08-probe', 'other'), before: 'Something else' }),
      block({ lang: 'yaml', text: '#cloud-config\npassword: x\n', before: 'cloud-init' }),
      block({ text: 'kubectl apply -f labs/lab01/firstvm.yaml' }),
    ];
    expect(pathsOf('kubectl apply -f labs/lab01/firstvm.yaml --namespace=$USER')).toEqual([{ path: 'labs/lab01/firstvm.yaml', kind: 'manifest' }]);
    expect(pathsOf('kubectl create secret generic s --from-file=userdata=labs/c.yaml')).toEqual([{ path: 'labs/c.yaml', kind: 'file' }]);
    expect(blockFor(blocks, 'labs/lab01/firstvm.yaml', 'manifest', 3, 'lab.md')).toBe(blocks[0]);
    expect(blockFor(blocks, 'labs/lab01/unnamed.yaml', 'manifest', 3, 'lab.md')).toBe(blocks[1]);
    expect(blockFor(blocks, 'labs/lab01/c.yaml', 'file', 3, 'lab.md')).toBe(blocks[2]);
  });

  it('runs the commands with those files and reports a failing one at its file:line', async () => {
    const blocks = [
      block({ lang: 'yaml', text: fixture('task2-vm.yaml'), line: 3, before: 'Write `vm.yaml`:' }),
      block({ text: 'kubectl apply -f labs/lab08/vm.yaml --namespace=$USER', line: 10 }),
      block({ text: 'kubectl get vm lab08-probe\nkubectl delete vm nope', line: 20 }),
    ];
    const r = await runLab(blocks, { user: 'u1', validate: validateText });
    expect(r.steps.map((s) => s.code)).toEqual([0, 0, 1]);
    expect(r.failures).toEqual([{ file: 'lab.md', line: 22, text: 'kubectl delete vm nope', code: 1, message: 'Error from server (NotFound): virtualmachines.kubevirt.io "nope" not found' }]);
    expect(r.files).toEqual({ 'labs/lab08/vm.yaml': 'lab.md:3' });
  });
});

describe('kvlab sandbox', () => {
  it('parses its arguments (errors exit 2 with the usage)', () => {
    expect(sandboxCommand.parseSandboxArgs(['--run', 'x.sh', '--speed', '60'])).toMatchObject({ ok: true, args: { run: 'x.sh', speed: 60, user: 'user1', pause: 1 } });
    expect(sandboxCommand.parseSandboxArgs(['--speed', '0'])).toEqual({ ok: false, error: '--speed must be an integer from 1 to 600, got "0"' });
    expect(sandboxCommand.parseSandboxArgs(['--user', 'Bad_User'])).toMatchObject({ ok: false });
  });

  it('--run prints the transcript and exits with the last command\'s status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvlab-sbx-'));
    const file = join(dir, 's.sh');
    writeFileSync(file, 'kubectl get nodes -o name\nkubectl get vm nope\n');
    const { code, out } = await kvlabSandbox(['--run', file, '--user', 'ann']);
    expect(code).toBe(1);
    expect(out).toBe(
      'ann@sandbox:~$ kubectl get nodes -o name\nnode/training-worker-0\nnode/training-worker-1\nnode/training-worker-2\nann@sandbox:~$ kubectl get vm nope\nError from server (NotFound): virtualmachines.kubevirt.io "nope" not found\nann@sandbox:~$ \n',
    );
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await sandboxCommand.run(['--run', join(dir, 'missing.sh')])).toBe(2);
      expect(String(err.mock.calls[0]![0])).toMatch(/^kvlab sandbox: cannot read .*missing\.sh/);
    } finally {
      err.mockRestore();
    }
  });
  it('--solutions fills ~/labs with the tasks\' solutions: the CDI lab imports, then its VM runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvlab-sbx-'));
    const file = join(dir, 'cdi.sh');
    writeFileSync(file, [
      'kubectl apply -f labs/lab02/dv_lab02-cirros.yaml',
      'kubectl get dv lab02-cirros --watch',
      'kubectl apply -f labs/lab02/vm_lab02-fromdv.yaml',
      'kubectl get vm lab02-fromdv --watch',
      'kubectl get vm lab02-fromdv',
      `kubectl get vm lab02-fromdv -o jsonpath='{.metadata.uid}{"\\n"}'`,
      `kubectl get dv lab02-fromdv-root -o jsonpath='{.metadata.ownerReferences[0].kind} {.metadata.ownerReferences[0].uid}{"\\n"}'`,
    ].join('\n'));
    const script = ['--content', 'tests/fixtures/kubevirt-lab-training', '--run', file, '--speed', '600', '--pause', '0', '--watch-limit', '600'];
    const solved = await kvlabSandbox([...script, '--solutions']);
    expect(solved.out).toContain('datavolume.cdi.kubevirt.io/lab02-cirros created');
    expect(solved.out).toMatch(/\nlab02-cirros\s+Succeeded\s+100\.0%/);
    expect(solved.out).toMatch(/\nlab02-fromdv\s+\S+\s+Running\s+True\n/);
    // the VM's DataVolume is owned by it, by its uid, as the VM controller writes it
    const vmUid = /jsonpath='\{\.metadata\.uid\}\{"\\n"\}'\n([0-9a-f-]{36})\n/.exec(solved.out)?.[1];
    expect(vmUid).toBeDefined();
    expect(solved.out).toContain(`\nVirtualMachine ${vmUid}\n`);
    expect(solved.code).toBe(0);
    expect(sandboxCommand.parseSandboxArgs([]).ok && sandboxCommand.parseSandboxArgs([])).toMatchObject({ args: { solutions: false } });
    // Without --solutions the files are the tasks' starting content: the VM's file is not written yet.
    const started = await kvlabSandbox(script);
    expect(started.out).toContain('error: the path "labs/lab02/vm_lab02-fromdv.yaml" does not exist');
    expect(started.code).toBe(1);
  });
});

describe('runScript: leaving a console that already ended', () => {
  it('does not type ^] at the shell prompt when the console has ended', async () => {
    const r = await runScript(scriptLines('virtctl console nope\n^]\necho done'), { user: 'alice', validate: validateText });
    expect(r.transcript).not.toContain('^]: command not found');
    expect(r.steps.map((s) => s.line.text)).toEqual(['virtctl console nope', 'echo done']);
  });
});
