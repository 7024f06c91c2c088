// Here-documents as bash reads them: the terminal asks for the body with bash's PS2 ("> ") until
// the delimiter's line, an unquoted delimiter expands $VAR in the body, a quoted one does not,
// <<- strips leading tabs; `kubectl apply -f - <<EOF` and `cat <<EOF | kubectl apply -f -` apply
// the body as kubectl applies STDIN; `kvlab sandbox --run` scripts carry bodies as they are.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runScript, scriptLines } from '../../../sandbox/run-script.ts';
import { validateText } from '../../../validators/index.ts';
import { Harness, fixture } from './harness.ts';

const vmYaml = fixture('task2-vm.yaml');

/** What bash prints for a script (stdout and stderr), or undefined without bash. */
function bash(script: string): string | undefined {
  const r = spawnSync('bash', ['-c', `exec 2>&1; ${script}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', USER: 'alice' } });
  return r.error ? undefined : r.stdout;
}

describe('here-documents in the terminal', () => {
  it('asks for the body with "> " and runs the command at the delimiter', () => {
    const h = new Harness({ files: {} });
    expect(h.keys('cat <<EOF > note.txt\r')).toBe('cat <<EOF > note.txt\n> ');
    expect(h.keys('hello $USER\r')).toBe('hello $USER\n> ');
    expect(h.keys('  price: \\$5 ${HOME}\r')).toBe('  price: \\$5 ${HOME}\n> ');
    expect(h.keys('EOF\r')).toBe('EOF\nalice@sandbox:~$ ');
    const expected = 'hello alice\n  price: $5 /home/alice';
    expect(h.run('cat note.txt')).toBe(expected);
    const real = bash("HOME=/home/alice; cat <<EOF\nhello $USER\n  price: \\$5 ${HOME}\nEOF");
    if (real !== undefined) expect(real).toBe(`${expected}\n`);
    // history keeps the command line
    expect(h.shell.history.at(-2)).toBe('cat <<EOF > note.txt');
  });

  it("a quoted delimiter keeps the body as it is; <<- strips leading tabs; Ctrl-C drops the command", () => {
    const h = new Harness({ files: {} });
    h.shell.run("cat <<'END'\nuser: $USER\n\tEND\nEND");
    expect(h.take()).toContain('user: $USER\n\tEND\n');
    h.shell.run('cat <<-EOF\n\tindented $USER\n\tEOF');
    expect(h.take()).toContain('> \tEOF\nindented alice\n');
    expect(h.keys('cat <<EOF > x.txt\r')).toContain('> ');
    expect(h.keys('half\r')).toBe('half\n> ');
    h.keys('\x03');
    expect(h.run('ls')).toBe('');
    expect(bash("cat <<'END'\nuser: $USER\n\tEND\nEND")).toBe('user: $USER\n\tEND\n');
  });

  it('Ctrl-D ends a body without its delimiter, with bash\'s warning', () => {
    const h = new Harness({ files: {} });
    h.keys('cat <<EOF\rline\r');
    expect(h.keys('\x04')).toBe("\nbash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nline\nalice@sandbox:~$ ");
  });

  it('kubectl apply -f - <<EOF and cat <<EOF | kubectl apply -f - apply the body (STDIN in kubectl\'s messages)', () => {
    const h = new Harness({ files: {} });
    h.shell.run(`kubectl apply -f - <<EOF\n${vmYaml}EOF`);
    expect(h.take()).toMatch(/\nvirtualmachine\.kubevirt\.io\/lab08-probe created\n/);
    h.shell.run(`cat <<EOF | kubectl apply -f -\n${vmYaml}EOF`);
    expect(h.take()).toMatch(/\nvirtualmachine\.kubevirt\.io\/lab08-probe unchanged\n/);
    h.shell.run('kubectl apply -f - <<EOF\napiVersion: v1\nkind: [\nEOF');
    expect(h.take()).toMatch(/\nerror: error parsing STDIN: error converting YAML to JSON: yaml: line \d+: /);
    expect(h.shell.exitCode).toBe(1);
    expect(h.run('kubectl apply -f -')).toMatch(/^error: -f - reads standard input, and commands in the sandbox get none from the keyboard; pipe the YAML in .* or give a here-document/);
    expect(h.run(`kubectl get vm lab08-probe -o yaml | kubectl delete -f -`)).toBe('virtualmachine.kubevirt.io "lab08-probe" deleted');
  });

  it('with validators that answer later (the page\'s worker) kubectl apply -f - <<EOF waits, then the next pasted line runs', async () => {
    const h = new Harness({ files: {}, validate: (text, opts) => Promise.resolve(validateText(text, opts)) });
    h.shell.run(`kubectl apply -f - <<EOF\n${vmYaml}EOF\nkubectl get vm`);
    expect(h.shell.awaiting).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(h.take()).toMatch(/\nvirtualmachine\.kubevirt\.io\/lab08-probe created\n.*\$ kubectl get vm\nNAME +AGE +STATUS +READY\nlab08-probe +/s);
  });

  it('kvlab sandbox --run: a script\'s here-document is one step; its output comes after the body\'s lines', async () => {
    const script = `cat <<EOF > vm.yaml\n${vmYaml}EOF\nkubectl apply -f vm.yaml\ncat <<'EOF' | grep -c kubevirt\n#cloud-config\n\n# kubevirt\nEOF\n`;
    const lines = scriptLines(script);
    expect(lines.map((l) => l.line)).toEqual([1, vmYaml.split('\n').length + 2, vmYaml.split('\n').length + 3]);
    const r = await runScript(lines, { user: 'alice', validate: validateText, files: () => ({}) });
    expect(r.steps.map((s) => [s.code, s.output])).toEqual([
      [0, ''],
      [0, 'virtualmachine.kubevirt.io/lab08-probe created'],
      [0, '1'],
    ]);
    expect(r.transcript).toContain('$ cat <<EOF > vm.yaml\n> apiVersion: kubevirt.io/v1\n');
  });
});
