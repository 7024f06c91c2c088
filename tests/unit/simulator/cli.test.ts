import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimulateArgs } from '../../../scripts/commands/simulate.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const fx = (n: string) => join(import.meta.dirname, 'fixtures', n);
const kvlab = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'simulate', ...args], { encoding: 'utf8' });

describe('kvlab simulate parseSimulateArgs', () => {
  it('files, options in both spellings, defaults', () => {
    expect(parseSimulateArgs(['vm.yaml', 'ud.yaml'])).toEqual({ ok: true, args: { files: ['vm.yaml', 'ud.yaml'], until: 600, format: 'text', seed: 1, help: false } });
    expect(parseSimulateArgs(['vm.yaml', '--until=120', '--format', 'json', '--scenario', 's.yaml', '--seed', '3'])).toMatchObject({ ok: true, args: { until: 120, format: 'json', scenario: 's.yaml', seed: 3 } });
  });
  it('one clear error for each bad input', () => {
    expect(parseSimulateArgs([])).toMatchObject({ ok: false, error: expect.stringMatching(/VirtualMachine manifest/) });
    expect(parseSimulateArgs(['vm.yaml', '--until', 'soon'])).toMatchObject({ ok: false, error: expect.stringMatching(/--until must be a number/) });
    expect(parseSimulateArgs(['vm.yaml', '--format', 'xml'])).toMatchObject({ ok: false, error: 'unknown --format "xml"; use one of: text, json' });
    expect(parseSimulateArgs(['vm.yaml', '--scenario'])).toMatchObject({ ok: false, error: '--scenario needs a value' });
    expect(parseSimulateArgs(['vm.yaml', '--speed', '2'])).toMatchObject({ ok: false, error: 'unknown option "--speed"' });
    expect(parseSimulateArgs(['vm.yaml', '--seed', '1.5'])).toEqual({ ok: false, error: '--seed must be an integer, got "1.5"' });
    expect(parseSimulateArgs(['vm.yaml', '-x'])).toEqual({ ok: false, error: 'unknown option "-x"' });
  });
});

describe('kvlab simulate (CLI)', () => {
  it('JSON: an array of {t, source, type, detail} with the Ready condition and probe results', () => {
    const r = kvlab(fx('vm-readiness.yaml'), fx('cloudinit-probe.yaml'), '--format', 'json', '--until', '300');
    expect(r.status).toBe(0);
    const events = JSON.parse(r.stdout) as { t: number; source: string; type: string; detail: Record<string, unknown> }[];
    expect(events.find((e) => e.type === 'condition')).toMatchObject({ source: 'vmi', detail: { condition: 'Ready', status: 'True' } });
    expect(events.find((e) => e.type === 'probe' && e.detail.probe === 'liveness')).toMatchObject({ source: 'kubelet', detail: { probe: 'liveness', handler: 'httpGet', result: 'success' } });
    expect(events.every((e) => ['vm', 'vmi', 'kubelet', 'guest', 'watchdog', 'endpoints'].includes(e.source))).toBe(true);
  });

  it('text log with a scenario file; the user data may come as a Secret manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvlab-sim-'));
    const sc = join(dir, 'sc.yaml');
    writeFileSync(sc, '- {at: 400, action: stop-server, port: 8081}\n');
    const secret = join(dir, 'secret.yaml');
    const b64 = Buffer.from(spawnSync('cat', [fx('cloudinit-probe.yaml')], { encoding: 'utf8' }).stdout).toString('base64');
    writeFileSync(secret, `apiVersion: v1\nkind: Secret\nmetadata:\n  name: lab08-cloudinit-probe\ndata:\n  userdata: ${b64}\n`);
    const r = kvlab(fx('vm-readiness.yaml'), secret, '--scenario', sc, '--until', '500');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/guest stops listening on port 8081 \(stop-server\)/);
    expect(r.stdout).toMatch(/VM controller starts a new VMI \(restart 1: liveness probe failed\)/);
    expect(r.stdout).toMatch(/Ready at: 179 s/);
  });

  it('exit 2 for unreadable files and bad scenarios, 1 for input the API server rejects', () => {
    expect(kvlab('no-such.yaml').status).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'kvlab-sim-'));
    const sc = join(dir, 'sc.yaml');
    writeFileSync(sc, '- {at: 1, action: dance}\n');
    const bad = kvlab(fx('vm-readiness.yaml'), '--scenario', sc);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/sc\.yaml:1:\d+: action must be one of/);
    const vm = join(dir, 'vm.yaml');
    writeFileSync(vm, 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: x}\nspec:\n  runing: true\n');
    const rej = kvlab(vm);
    expect(rej.status).toBe(1);
    expect(rej.stderr).toMatch(/vm\.yaml:5:3: schema error: spec\.runing/);
  });
  it('stops reading /dev/zero at the size limit (exit 2) and escapes control characters of the input', () => {
    const z = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'simulate', '/dev/zero'], { encoding: 'utf8', timeout: 60_000 });
    expect(z.status).toBe(2);
    expect(z.stderr).toContain('/dev/zero: larger than 3 MiB, the most the API server accepts; reading stopped there');
    const dir = mkdtempSync(join(tmpdir(), 'kvlab-sim-'));
    const vm = join(dir, 'vm.yaml');
    writeFileSync(vm, readFileSync(fx('vm-readiness.yaml'), 'utf8').replace('running: false', 'runStrategy: "\\e]0;PWNED\\a\\e[2J"'));
    const r = kvlab(vm);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('\\x1b]0;PWNED\\x07\\x1b[2J');
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });
});
