// YAML stage (syntax, bounds), cloud-init stage (embedded positions), cross-check warnings, and
// the probes lab's own solutions.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateText, validateTextSlow } from '../../../validators/index.ts';
import { servedPorts } from '../../../validators/cloudinit.ts';
import { BASE_VM, edit, expectClean, expectInside, findingsOf, lineOf } from './base.ts';

const FIX = join(import.meta.dirname, 'fixtures', 'probes');

describe('yaml stage', () => {
  it("reads yes/on/no/off as kubectl does (go-yaml v2: booleans), in both parsers; quoted they stay strings", () => {
    const on = edit(BASE_VM, ['  runStrategy: Halted\n', '  running: yes\n']);
    const label = edit(BASE_VM, ['        kubevirt.io/domain: lab08-probe\n', '        kubevirt.io/domain: lab08-probe\n        legacy: no\n']);
    const quoted = edit(BASE_VM, ['        kubevirt.io/domain: lab08-probe\n', '        kubevirt.io/domain: lab08-probe\n        legacy: "no"\n']);
    for (const v of [validateText, validateTextSlow]) {
      // running: yes is sent as true: only the deprecation warning for running remains
      expect(v(on)[0]!.findings.filter((f) => f.severity === 'error')).toEqual([]);
      // a label value no is sent as false, which a map of strings refuses
      const fs = v(label)[0]!.findings;
      expect(fs.map((f) => `${f.stage} ${f.path}`)).toEqual(['schema spec.template.metadata.labels.legacy']);
      expect(fs[0]!.line).toBe(lineOf(label, 'legacy: no'));
      expect(v(quoted)[0]!.findings).toEqual([]);
    }
  });
  it('applies << merge keys as kubectl does (sigs.k8s.io/yaml), in both parsers; a typo inside the merged map still counts', () => {
    // the readiness probe's timing shared with the liveness probe through an anchor
    const merged = edit(
      BASE_VM,
      ['      readinessProbe:\n        initialDelaySeconds: 120\n        periodSeconds: 10\n', '      readinessProbe:\n        <<: &timing\n          initialDelaySeconds: 120\n          periodSeconds: 10\n'],
      ['      livenessProbe:\n', '      livenessProbe:\n        <<: *timing\n'],
    );
    expect(merged).toContain('<<: *timing');
    for (const v of [validateText, validateTextSlow]) {
      const [doc] = v(merged);
      expect(doc!.findings).toEqual([]);
      expect(doc!.valid).toBe(true);
    }
    const typo = merged.replace('          periodSeconds: 10\n', '          periodSecond: 10\n');
    for (const v of [validateText, validateTextSlow]) {
      const fs = v(typo)[0]!.findings;
      expect(fs.map((f) => `${f.stage} ${f.path}`).sort()).toEqual([
        'schema spec.template.spec.livenessProbe.periodSecond',
        'schema spec.template.spec.readinessProbe.periodSecond',
      ]);
      // both probes got the key from the one anchored map: both findings point at it
      expect(fs.map((f) => f.line)).toEqual([lineOf(typo, 'periodSecond: 10'), lineOf(typo, 'periodSecond: 10')]);
    }
  });

  it('reports a tab used as indentation with its position', () => {
    const t = edit(BASE_VM, ['        resources:\n', '\tresources:\n']);
    const f = findingsOf(t)[0]!;
    expect(f.stage).toBe('yaml');
    expect(f.line).toBe(lineOf(t, '\tresources:'));
    expect(f.message.toLowerCase()).toContain('tab');
    expect(f.hint).toContain('spaces');
  });
  it('reports a duplicate key at the second occurrence', () => {
    const t = edit(BASE_VM, ['  runStrategy: Halted\n', '  runStrategy: Halted\n  runStrategy: Always\n']);
    const fs = validateText(t);
    expect(fs[0]!.valid).toBe(false);
    const f = fs[0]!.findings[0]!;
    expect(f.stage).toBe('yaml');
    expect(f.message).toMatch(/unique/i);
    expect(f.line).toBe(lineOf(t, 'runStrategy: Always'));
  });
  it('reports an unclosed quote', () => {
    const t = edit(BASE_VM, ['name: lab08-probe\nspec', 'name: "lab08-probe\nspec']);
    const f = findingsOf(t)[0]!;
    expect(f.stage).toBe('yaml');
    expect(f.line).toBeGreaterThanOrEqual(lineOf(t, '"lab08-probe'));
    expectInside(t, findingsOf(t));
  });
  it('reports bad indentation', () => {
    const t = edit(BASE_VM, ['      networks:\n        - name: default\n          pod: {}\n', '      networks:\n        - name: default\n           pod: {}\n']);
    const fs = findingsOf(t);
    expect(fs[0]!.stage).toBe('yaml');
    // yaml reads the over-indented line as a continuation of "default" and reports at that key.
    expect([lineOf(t, '           pod: {}') - 1, lineOf(t, '           pod: {}')]).toContain(fs[0]!.line);
    expect(fs.map((f) => f.hint).join(' ')).toMatch(/indent/);
  });
  it('bounds a billion-laughs document with a clear error', () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const t = lol.join('\n') + '\n';
    const t0 = Date.now();
    const r = validateText(t);
    expect(Date.now() - t0).toBeLessThan(10_000); // a hang guard, not a benchmark
    expect(r[0]!.valid).toBe(false);
    expect(r[0]!.findings[0]!.stage).toBe('yaml');
    expect(r[0]!.findings[0]!.message).toMatch(/aliases/);
  });
  it('refuses a 10 MB paste without parsing it', () => {
    const t = 'a: ' + 'x'.repeat(10 * 1024 * 1024) + '\n';
    const r = validateText(t);
    expect(r).toHaveLength(1);
    expect(r[0]!.findings[0]!.message).toContain('10.0 MB');
    expect(r[0]!.findings[0]!.line).toBe(1);
  });
  it('keeps documents of a stream apart: an error in one leaves the other valid', () => {
    const t = BASE_VM + '---\n' + edit(BASE_VM, ['runStrategy: Halted', 'runStrategy: Sometimes']);
    const r = validateText(t);
    expect(r.map((d) => d.valid)).toEqual([true, false]);
    expect(r[1]!.findings[0]!.line).toBe(lineOf(t, 'runStrategy: Sometimes'));
    expect(r[1]!.index).toBe(1);
  });
  it('reports missing kind and unknown kinds like kubectl', () => {
    expect(findingsOf('metadata:\n  name: x\n')[0]!.message).toBe('error validating data: [apiVersion not set, kind not set]');
    const f = findingsOf(edit(BASE_VM, ['kind: VirtualMachine', 'kind: VirtualMachin']))[0]!;
    expect(f.message).toBe('no matches for kind "VirtualMachin" in version "kubevirt.io/v1"');
    expect(f.hint).toContain('VirtualMachine');
    expect(f.line).toBe(2);
  });
  it('validates core kinds (Secret, Service) with strict decoding', () => {
    const s = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    a: b\n  ports:\n    - port: 80\n      targetPort: 8081\n';
    expect(validateText(s)[0]!.valid).toBe(true);
    const bad = s.replace('targetPort', 'targetport');
    const f = findingsOf(bad)[0]!;
    expect(f.message).toBe('Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetport"');
    expect(f.hint).toBe('Did you mean "targetPort"?');
    expect(f.path).toBe('spec.ports[0].targetport');
  });
});

describe('cloud-init stage', () => {
  it('validates inline user data, positions mapped into the VM file', () => {
    const t = edit(BASE_VM, ['              bootcmd:\n', '              bootcmds:\n']);
    const f = findingsOf(t).find((x) => x.stage === 'cloud-init' && x.severity === 'error')!;
    expect(f.message).toContain("'bootcmds'");
    expect(f.hint).toBe('Did you mean "bootcmd"?');
    expect(f.line).toBe(lineOf(t, 'bootcmds:'));
    expect(f.column).toBe(15);
  });
  it('validates a #cloud-config file on its own, with positions', () => {
    const t = '#cloud-config\nchpasswd:\n  expire: "no"\n';
    const r = validateText(t);
    expect(r[0]!.kind).toBe('#cloud-config');
    expect(r[0]!.valid).toBe(false);
    expect(r[0]!.findings[0]!.line).toBe(3);
    expect(r[0]!.findings[0]!.message).toContain('boolean');
  });
  it('validates a Secret in the stream that carries the user data', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: lab08-cloudinit-probe\nstringData:\n  userdata: |\n    #cloud-config\n    bootcmd: "echo"\n';
    const f = findingsOf(secret).find((x) => x.stage === 'cloud-init')!;
    expect(f.line).toBe(8);
    expect(f.column).toBe(14); // the value "echo": 4 spaces of block indent + column 10 inside
    expect(f.message).toContain('array');
  });
  it('warns when a readiness probe targets a port no cloud-init step serves', () => {
    const t = edit(BASE_VM, ['          port: 8081\n      livenessProbe', '          port: 8080\n      livenessProbe']);
    const r = validateText(t);
    expect(r[0]!.valid).toBe(true);
    const w = r[0]!.findings.find((x) => x.severity === 'warning' && x.stage === 'cloud-init')!;
    expect(w.message).toContain('port 8080');
    expect(w.line).toBe(lineOf(t, 'port: 8080'));
    expect(validateText(t, { strict: true })[0]!.valid).toBe(false);
  });
  it('takes user data given beside a VM with a secretRef for the cross-check', () => {
    const vm = readFileSync(join(FIX, 'task2-vm.yaml'), 'utf8').replace(/port: 8081/g, 'port: 9000');
    const ud = readFileSync(join(FIX, 'cloudinit-probe.yaml'), 'utf8');
    const w = findingsOf(vm, { userData: [{ text: ud, file: 'cloudinit-probe.yaml' }] }).filter((x) => x.stage === 'cloud-init');
    expect(w.length).toBe(2);
    expect(w[0]!.message).toContain('cloudinit-probe.yaml');
    expect(findingsOf(vm).filter((x) => x.stage === 'cloud-init')).toEqual([]);
  });
  it('recognises servers started by nc, ncat via systemd-run and python http.server', () => {
    expect([...servedPorts({ bootcmd: [['sudo', 'systemd-run', '--unit=h', 'nc', '-klp', '8081', '-e', 'x']], runcmd: ['python3 -m http.server 9000', 'nc -l -p 7000', 'python3 -m http.server'] })].sort()).toEqual([7000, 8000, 8081, 9000]);
    expect([...servedPorts({ runcmd: ['nc example.com 80'] })]).toEqual([]);
  });
  it('warns when masquerade ports do not forward the probed port', () => {
    const t = edit(BASE_VM, ['              masquerade: {}\n', '              masquerade: {}\n              ports:\n                - port: 22\n']);
    const w = findingsOf(t).filter((x) => x.stage === 'start' && x.severity === 'warning');
    expect(w.map((x) => x.path)).toEqual(['spec.template.spec.readinessProbe.httpGet.port', 'spec.template.spec.livenessProbe.tcpSocket.port']);
    expect(w[0]!.message).toContain('masquerade forwards only the listed ports');
  });
});

describe('probes lab solutions', () => {
  const ud = readFileSync(join(FIX, 'cloudinit-probe.yaml'), 'utf8');
  for (const f of readdirSync(FIX).sort()) {
    it(`${f} validates clean`, () => {
      const text = readFileSync(join(FIX, f), 'utf8');
      const r = validateText(text, { file: f, userData: f.includes('probe') || f.startsWith('task') ? [{ text: ud }] : undefined });
      expect(r.every((d) => d.valid), JSON.stringify(r)).toBe(true);
      // Only the lab's own `running: false` is worth a warning.
      expect(r.flatMap((d) => d.findings).filter((x) => !x.message.startsWith('spec.running is deprecated'))).toEqual([]);
    });
  }
  it('the readiness task follows its bullets (periodSeconds 10, timeoutSeconds 5)', () => {
    const t = readFileSync(join(FIX, 'task2-vm.yaml'), 'utf8');
    expect(t).toMatch(/readinessProbe:\n\s+initialDelaySeconds: 120\n\s+periodSeconds: 10\n\s+timeoutSeconds: 5/);
    expectClean(t);
  });
});
