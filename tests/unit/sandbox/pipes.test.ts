// Pipes and their text programs (sandbox/filters.ts, sandbox/jq.ts) against the real ones: each
// command runs in the sandbox shell and in bash (GNU coreutils, grep, jq) over the same files,
// and output and exit status must agree. Where a program is missing on the machine, the case
// is compared with the output recorded from GNU coreutils 9.1, grep 3.8 and jq 1.6.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

const FILES: Record<string, string> = {
  'pods.txt': 'NAME      STATUS    AGE\nvm-b      Running   2m\nvm-a      Stopped   5m\nvm-c      Running   1m\nvm-a      Stopped   5m\n',
  'b64.txt': 'I2Nsb3VkLWNvbmZpZwpwYXNzd29yZDoga3ViZXZpcnQK\n',
  'bad64.txt': 'YW!j\n',
  'vm.json': '{"metadata":{"name":"vm-a","labels":{"app":"x"}},"items":[{"name":"a"},{"name":"b","n":2}],"spec":{"running":true,"list":[]},"s":"hi"}',
  'notes.txt': 'one two\nthree\n',
};

/** Each case with what GNU's programs print (2>&1) and the exit status, recorded on Debian 12. */
const CASES: [string, string, number][] = [
  ['cat pods.txt | grep -i running', 'vm-b      Running   2m\nvm-c      Running   1m\n', 0],
  ['cat pods.txt | grep -v Running', 'NAME      STATUS    AGE\nvm-a      Stopped   5m\nvm-a      Stopped   5m\n', 0],
  ["cat pods.txt | grep -E 'vm-(a|c) '", 'vm-a      Stopped   5m\nvm-c      Running   1m\nvm-a      Stopped   5m\n', 0],
  ["grep 'vm-\\(b\\|c\\)' pods.txt", 'vm-b      Running   2m\nvm-c      Running   1m\n', 0],
  ['cat pods.txt | grep nomatch', '', 1],
  ['grep -c Running pods.txt', '2\n', 0],
  ['grep -n vm-a pods.txt notes.txt', 'pods.txt:3:vm-a      Stopped   5m\npods.txt:5:vm-a      Stopped   5m\n', 0],
  ['grep -iv "name" pods.txt | grep -q Stopped', '', 0],
  ['grep x nope.txt', 'grep: nope.txt: No such file or directory\n', 2],
  ['head -n 2 pods.txt', 'NAME      STATUS    AGE\nvm-b      Running   2m\n', 0],
  ['cat pods.txt | head -2', 'NAME      STATUS    AGE\nvm-b      Running   2m\n', 0],
  ['cat pods.txt | head -n -3', 'NAME      STATUS    AGE\nvm-b      Running   2m\n', 0],
  ['tail -n 2 pods.txt', 'vm-c      Running   1m\nvm-a      Stopped   5m\n', 0],
  ['cat pods.txt | tail -n +4', 'vm-c      Running   1m\nvm-a      Stopped   5m\n', 0],
  ['tail -1 pods.txt', 'vm-a      Stopped   5m\n', 0],
  ['cat pods.txt | wc -l', '5\n', 0],
  ['wc -l pods.txt', '5 pods.txt\n', 0],
  ['cat notes.txt | wc', '      2       3      14\n', 0],
  ['wc -l pods.txt notes.txt', '  5 pods.txt\n  2 notes.txt\n  7 total\n', 0],
  ['cat pods.txt | sort', 'NAME      STATUS    AGE\nvm-a      Stopped   5m\nvm-a      Stopped   5m\nvm-b      Running   2m\nvm-c      Running   1m\n', 0],
  ['sort -r -u pods.txt', 'vm-c      Running   1m\nvm-b      Running   2m\nvm-a      Stopped   5m\nNAME      STATUS    AGE\n', 0],
  ['tail -n +2 pods.txt | sort -k 3 | head -n 1', 'vm-c      Running   1m\n', 0],
  ['tail -n +2 pods.txt | sort | uniq -c', '      2 vm-a      Stopped   5m\n      1 vm-b      Running   2m\n      1 vm-c      Running   1m\n', 0],
  ['cat b64.txt | base64 -d', '#cloud-config\npassword: kubevirt\n', 0],
  ['base64 --decode b64.txt', '#cloud-config\npassword: kubevirt\n', 0],
  ['base64 -d bad64.txt', 'abase64: invalid input\n', 1],
  ['cat notes.txt | base64', 'b25lIHR3bwp0aHJlZQo=\n', 0],
  ['cat pods.txt | base64 -w0 | base64 -d | head -n 1', 'NAME      STATUS    AGE\n', 0],
  ['echo hi | tee copy.txt | wc -c && cat copy.txt', '3\nhi\n', 0],
  ["cat vm.json | jq -r '.metadata.name'", 'vm-a\n', 0],
  ['jq .spec vm.json', '{\n  "running": true,\n  "list": []\n}\n', 0],
  ['jq -c .items vm.json', '[{"name":"a"},{"name":"b","n":2}]\n', 0],
  ["cat vm.json | jq -r '.items[].name'", 'a\nb\n', 0],
  ["jq '.metadata | keys' vm.json", '[\n  "labels",\n  "name"\n]\n', 0],
  ['jq .s vm.json', '"hi"\n', 0],
  ['jq .missing vm.json', 'null\n', 0],
  ["cat vm.json | jq '.items | length'", '2\n', 0],
  ['cat vm.json | jq .items.name', 'jq: error (at <stdin>:0): Cannot index array with string "name"\n', 5],
  ['false | cat notes.txt', 'one two\nthree\n', 0],
  ['cat notes.txt | false', '', 1],
  ['cat nope.txt | wc -l', 'cat: nope.txt: No such file or directory\n0\n', 0],
  ['wc -l < notes.txt', '2\n', 0],
  ['cat nope.txt 2>&1 | wc -l', '1\n', 0],
  ['cat nope.txt 2>/dev/null | wc -l', '0\n', 0],
  ['cat nope.txt 2> err.txt; cat err.txt', 'cat: nope.txt: No such file or directory\n', 0],
  ['cat nope.txt notes.txt &> all.txt; wc -l all.txt', '3 all.txt\n', 0],
  ['grep -c o <<< "one two"', '1\n', 0],
];

function inBash(cmd: string): { out: string; code: number } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'kvlab-pipes-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const r = spawnSync('bash', ['-c', `exec 2>&1; ${cmd}`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
  return r.error ? undefined : { out: r.stdout, code: r.status ?? -1 };
}

describe('pipes as bash runs them', () => {
  it.each(CASES)('%s', (cmd, out, code) => {
    const h = new Harness({ files: FILES });
    const got = h.run(cmd);
    // the harness drops the last newline with the prompt
    expect({ out: got ? `${got}\n` : '', code: h.shell.exitCode }).toEqual({ out: out.replace(/([^\n])$/, '$1\n'), code });
    const real = inBash(cmd);
    if (real && real.code !== 127) expect({ out: real.out.replace(/([^\n])$/, '$1\n'), code: real.code }).toEqual({ out: out.replace(/([^\n])$/, '$1\n'), code });
  });

  it('a program the sandbox does not have says so in one line and points to connected mode', () => {
    const h = new Harness({ files: FILES });
    expect(h.run("cat pods.txt | awk '{print $1}'")).toBe("kvlab sandbox: awk in a pipe is not simulated (the sandbox's pipes run base64, grep, head, tail, wc, sort, uniq, tee, jq and cat); use connected mode (a real cluster) for it");
    expect(h.shell.exitCode).toBe(1);
    expect(h.run("jq '.items | map(.name)' vm.json")).toMatch(/^kvlab sandbox: the jq program '.items \| map\(.name\)' is not simulated .*; use connected mode/);
    expect(h.run('echo hi | frob')).toBe('bash: frob: command not found');
    expect(h.shell.exitCode).toBe(127);
    expect(h.run('grep x')).toMatch(/^grep: no input: .*pipe into grep/);
  });

  it('a Secret\'s user data through jsonpath and base64 -d; the error of a missing one stays on the terminal', () => {
    const h = new Harness();
    expect(h.run('kubectl create secret generic probe-cloudinit --from-file=userdata=labs/lab08/cloudinit-probe.yaml')).toBe('secret/probe-cloudinit created');
    expect(h.run("kubectl get secret probe-cloudinit -o jsonpath='{.data.userdata}' | base64 -d")).toBe(h.files['labs/lab08/cloudinit-probe.yaml']!.replace(/\n$/, ''));
    expect(h.run("kubectl get secret probe-cloudinit -o jsonpath='{.data.userdata}' | base64 --decode | head -n 1")).toBe('#cloud-config');
    expect(h.run("kubectl get secret nope -o jsonpath='{.data.userdata}' | base64 -d")).toBe('Error from server (NotFound): secrets "nope" not found');
    expect(h.shell.exitCode).toBe(0); // base64's, as bash without pipefail
    expect(h.run('kubectl get secret nope > out.txt; cat out.txt')).toBe('Error from server (NotFound): secrets "nope" not found');
    expect(h.run('kubectl get secrets -o json | jq -r ".items[].metadata.name"')).toBe('probe-cloudinit');
    expect(h.run('kubectl get secrets | grep -c probe')).toBe('1');
    expect(h.run('kubectl get secret nope 2>&1 | grep -c NotFound')).toBe('1');
    expect(h.run('kubectl get secret nope 2>/dev/null')).toBe('');
    expect(h.shell.exitCode).toBe(1);
  });

  it('a watch before a pipe hands on what it printed when Ctrl-C stops it', () => {
    const h = new Harness();
    h.run('kubectl apply -f labs/lab08/cloudinit-probe.yaml -f labs/lab08/vm_lab08-probe.yaml');
    h.keys('kubectl get vmi -w | grep -c lab08\r');
    h.shell.advance(30);
    expect(h.keys('\x03')).toMatch(/^\d+\n\^C\n/);
  });
});

describe('command substitution $(…)', () => {
  it('puts a command\'s output in the line: split into words unquoted, kept whole in double quotes; its errors stay on the terminal', () => {
    const h = new Harness({ files: FILES });
    expect(h.run('echo "first: $(head -n 1 pods.txt)"')).toBe('first: NAME      STATUS    AGE');
    expect(h.run('echo $(head -n 1 pods.txt)')).toBe('NAME STATUS AGE');
    expect(h.run('N=$(grep -c Running pods.txt)')).toBe('');
    expect(h.run('echo "$N running"')).toBe('2 running');
    expect(h.run('echo "$(cat vm.json | jq -r .metadata.name)-copy"')).toBe('vm-a-copy');
    expect(h.run('echo "[$(cat nope.txt)]"')).toBe('cat: nope.txt: No such file or directory\n[]');
    expect(h.run("echo $(echo 'a)b')")).toBe('a)b');
    expect(h.run('echo $(echo unclosed')).toBe("bash: unexpected EOF while looking for matching `)'");
    for (const [cmd, out] of [['echo "first: $(head -n 1 pods.txt)"', 'first: NAME      STATUS    AGE\n'], ['echo $(head -n 1 pods.txt)', 'NAME STATUS AGE\n'], ['echo "[$(cat nope.txt)]"', 'cat: nope.txt: No such file or directory\n[]\n']] as const) {
      const real = inBash(cmd);
      if (real) expect(real.out).toBe(out);
    }
  });

  it('a VMI\'s field into a variable, as labs do; a watch inside $(…) says it is not simulated', () => {
    const h = new Harness();
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    h.run('virtctl start lab08-probe');
    h.shell.advance(120);
    const node = h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')!.node;
    expect(h.run("export NODE=$(kubectl get vmi lab08-probe -o jsonpath='{.status.nodeName}')")).toBe('');
    expect(h.run('echo $NODE')).toBe(node);
    expect(h.run('echo $(kubectl get vmi -w)')).toMatch(/^kvlab sandbox: a command that runs on \(a watch, a console, sleep\) inside \$\(…\) is not simulated; use connected mode/);
  });
});
