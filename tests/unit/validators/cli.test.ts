// `kvlab validate`: argument parsing, output formats, exit codes, stdin, user data beside a VM.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseValidateArgs, runWith } from '../../../scripts/commands/validate.ts';
import { JsonOutput, makeOutput, TextOutput } from '../../../scripts/lib/validate-output.ts';
import { BASE_VM, edit, lineOf } from './base.ts';
import { memIo } from './validate-io.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const FIX = join(import.meta.dirname, 'fixtures', 'probes');

describe('parseValidateArgs', () => {
  it('reads files, --format, --strict', () => {
    expect(parseValidateArgs(['a.yaml', '--format', 'json', '--strict', '-'])).toEqual({ ok: true, args: { files: ['a.yaml', '-'], format: 'json', strict: true, help: false } });
    expect(parseValidateArgs(['--format=text', 'x'])).toMatchObject({ ok: true, args: { format: 'text', files: ['x'] } });
    expect(parseValidateArgs(['-o', 'json', 'x'])).toMatchObject({ ok: true, args: { format: 'json', files: ['x'] } });
  });
  it('refuses bad arguments with a message', () => {
    expect(parseValidateArgs([])).toEqual({ ok: false, error: 'no FILE given (use - for stdin)' });
    expect(parseValidateArgs(['x', '--format', 'yaml'])).toEqual({ ok: false, error: 'unknown --format "yaml"; use one of: text, json' });
    expect(parseValidateArgs(['x', '--format'])).toEqual({ ok: false, error: '--format needs a value' });
    expect(parseValidateArgs(['x', '--verbose'])).toEqual({ ok: false, error: 'unknown option "--verbose"' });
  });
});

describe('outputs', () => {
  const r = { file: 'vm.yaml', documents: [{ index: 0, kind: 'VirtualMachine', name: 'a', apiVersion: 'kubevirt.io/v1', valid: false, findings: [{ stage: 'admission' as const, severity: 'error' as const, line: 3, column: 5, endLine: 3, endColumn: 9, path: 'spec.runStrategy', message: 'Invalid RunStrategy (X)', hint: 'Use Always.' }] }] };
  it('text: one line per finding, a status per document, a summary', () => {
    const o = new TextOutput();
    o.write(r);
    expect(o.flush()).toBe('vm.yaml:3:5: error [admission] (spec.runStrategy): Invalid RunStrategy (X)\n    hint: Use Always.\nvm.yaml - VirtualMachine a is invalid\nSummary: 1 resource found - Valid: 0, Invalid: 1, Errors: 1, Warnings: 0\n');
  });
  it('json: {file, documents:[{apiVersion, kind, name, valid, findings}]}', () => {
    const o = new JsonOutput();
    o.write(r);
    const j = JSON.parse(o.flush());
    expect(j).toEqual([{ file: 'vm.yaml', documents: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'a', valid: false, findings: r.documents[0]!.findings }] }]);
  });
  it('refuses an unknown format', () => {
    expect(() => makeOutput('junit')).toThrow('unknown format "junit"');
  });
});

describe('kvlab validate', () => {
  it('exits 0 for valid files, 1 for invalid, 2 for unreadable', async () => {
    const bad = edit(BASE_VM, ['runStrategy: Halted', 'runStrategy: Sometimes']);
    let io = memIo({ 'ok.yaml': BASE_VM });
    expect(await runWith(['ok.yaml'], io)).toBe(0);
    expect(io.stdout).toContain('ok.yaml - VirtualMachine lab08-probe is valid');
    io = memIo({ 'ok.yaml': BASE_VM, 'bad.yaml': bad });
    expect(await runWith(['ok.yaml', 'bad.yaml'], io)).toBe(1);
    expect(io.stdout).toContain('bad.yaml:6:16: error [admission] (spec.runStrategy): Invalid RunStrategy (Sometimes)');
    io = memIo({});
    expect(await runWith(['missing.yaml'], io)).toBe(2);
    expect(io.stderr).toContain('cannot read missing.yaml: ENOENT');
  });
  it('--strict makes warnings count', async () => {
    const warn = edit(BASE_VM, ['  runStrategy: Halted\n', '  running: false\n']);
    expect(await runWith(['w.yaml'], memIo({ 'w.yaml': warn }))).toBe(0);
    expect(await runWith(['w.yaml', '--strict'], memIo({ 'w.yaml': warn }))).toBe(1);
  });
  it('uses a #cloud-config file beside a VM as its Secret user data', async () => {
    const vm = readFileSync(join(FIX, 'task2-vm.yaml'), 'utf8').replace(/port: 8081/g, 'port: 9000');
    const ud = readFileSync(join(FIX, 'cloudinit-probe.yaml'), 'utf8');
    const io = memIo({ 'vm.yaml': vm, 'cloudinit-probe.yaml': ud });
    expect(await runWith(['vm.yaml', 'cloudinit-probe.yaml', '--format', 'json'], io)).toBe(0);
    const j = JSON.parse(io.stdout);
    expect(j[0].documents[0].findings.filter((f: { stage: string }) => f.stage === 'cloud-init')).toHaveLength(2);
    expect(j[1].documents[0].kind).toBe('#cloud-config');
  });
  it('reads stdin through the real CLI (Node 22 via npx) and exits 1 on an invalid VM', () => {
    const bad = edit(BASE_VM, ['          port: 8081\n      livenessProbe', '          port: "8081"\n      livenessProbe']);
    const r = spawnSync('npx', ['node', 'scripts/kvlab.mjs', 'validate', '-', '--format', 'json'], { cwd: root, input: bad, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j[0].file).toBe('<stdin>');
    expect(j[0].documents[0].findings[0]).toMatchObject({ stage: 'start', path: 'spec.template.spec.readinessProbe.httpGet.port', line: lineOf(bad, 'port: "8081"') });
    const r2 = spawnSync('npx', ['node', 'scripts/kvlab.mjs', 'validate', '--format', 'xml', 'a'], { cwd: root, encoding: 'utf8' });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain('unknown --format "xml"');
  });
});

describe('a KubeVirt CR beside the VMs', () => {
  const bridgeVm = BASE_VM.replace('masquerade: {}', 'bridge: {}');
  const kubevirt = (network: string) => `apiVersion: kubevirt.io/v1\nkind: KubeVirt\nmetadata:\n  name: kubevirt\n  namespace: kubevirt\nspec:\n  configuration:\n${network}`;
  it('sets the cluster configuration admission reads (N9: bridge on the pod network)', async () => {
    expect(bridgeVm).toContain('bridge: {}');
    const alone = memIo({ 'vm.yaml': bridgeVm });
    expect(await runWith(['vm.yaml'], alone)).toBe(0);
    const io = memIo({ 'vm.yaml': bridgeVm, 'kv.yaml': kubevirt('    network:\n      permitBridgeInterfaceOnPodNetwork: false\n') });
    expect(await runWith(['vm.yaml', 'kv.yaml'], io)).toBe(1);
    expect(io.stdout).toContain('Bridge on pod network configuration is not enabled under kubevirt-config');
    expect(io.stdout).toMatch(/kv\.yaml - KubeVirt kubevirt is valid/);
  });
  it('a CR that permits it, or a broken file, leaves the defaults', async () => {
    const io = memIo({ 'vm.yaml': bridgeVm, 'kv.yaml': kubevirt('    network:\n      permitBridgeInterfaceOnPodNetwork: true\n') });
    expect(await runWith(['vm.yaml', 'kv.yaml'], io)).toBe(0);
    const broken = memIo({ 'vm.yaml': bridgeVm, 'kv.yaml': 'kind: KubeVirt\nspec: [unclosed\n' });
    expect(await runWith(['vm.yaml', 'kv.yaml'], broken)).toBe(1); // the broken file's own finding, not a crash
    expect(broken.stdout).not.toContain('Bridge on pod network');
  });
});
