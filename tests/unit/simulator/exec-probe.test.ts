// Exec probe commands against the guest model (simulator/exec-probe.ts), and an exec liveness
// probe in a run: it fails once the server it checks is stopped, and the VM restarts.
import { describe, expect, it } from 'vitest';
import { execProbe } from '../../../simulator/exec-probe.ts';
import { simulate } from '../../../simulator/index.ts';
import { fixture } from './helpers.ts';

const serving = { listeners: new Map([[8081, { http: 200 }], [8000, { http: 'dir' as const }], [9000, { http: undefined }]]) };
const idle = { listeners: new Map() };
const exit = (cmd: string[], g = serving) => {
  const r = execProbe(cmd, g);
  return 'exit' in r ? r.exit : `unknown: ${r.unknown}`;
};

describe('execProbe', () => {
  it('curl and wget against the guest\'s listeners, with curl -f failing on HTTP errors', () => {
    expect(exit(['curl', '-fsS', 'http://localhost:8081/'])).toBe(0);
    expect(exit(['curl', '-f', 'http://127.0.0.1:8000/missing'])).toBe(22);
    expect(exit(['curl', 'http://127.0.0.1:8000/missing'])).toBe(0); // without -f an HTTP error is exit 0
    expect(exit(['curl', '-f', 'localhost:8082'])).toBe(7);
    expect(exit(['curl', 'localhost:9000'])).toBe(28);
    expect(exit(['wget', '-q', '-O-', 'http://localhost:8081/'])).toBe(0);
    expect(exit(['wget', '--spider', 'http://localhost:8000/x'])).toBe(8);
  });
  it('nc -z, systemctl is-active, pgrep, true/false', () => {
    expect(exit(['nc', '-z', 'localhost', '8081'])).toBe(0);
    expect(exit(['nc', '-z', 'localhost', '8081'], idle)).toBe(1);
    expect(exit(['systemctl', 'is-active', '--quiet', 'httpserver'])).toBe(0);
    expect(exit(['systemctl', 'is-active', 'httpserver.service'], idle)).toBe(3);
    expect(exit(['pgrep', 'nc'], idle)).toBe(1);
    expect(exit(['true'])).toBe(0);
    expect(exit(['false'])).toBe(1);
  });
  it('sh -c with && || ; as sh runs them', () => {
    expect(exit(['sh', '-c', 'curl -f localhost:8082 || curl -f localhost:8081'])).toBe(0);
    expect(exit(['/bin/bash', '-c', 'nc -z localhost 8081 && curl -f localhost:8000/x'])).toBe(22);
    expect(exit(['sh', '-c', 'false && true'])).toBe(1);
    expect(exit(['sh', '-c', 'false; true'])).toBe(0);
  });
  it('reports what it cannot model, and a whole command line given as one item fails as exec does', () => {
    expect(exit(['cat', '/tmp/healthy'])).toBe('unknown: cat /tmp/healthy');
    expect(exit(['sh', '-c', 'ss -ltn | grep 8081'])).toBe('unknown: sh -c ss -ltn | grep 8081');
    expect(exit(['curl -f localhost:8081'])).toBe(127);
  });
});

describe('an exec liveness probe in a run', () => {
  // the lab VM with its httpGet liveness probe turned into an exec probe doing the same request
  const vm = fixture('vm-readiness.yaml').replace(
    '      livenessProbe:\n        initialDelaySeconds: 120\n        periodSeconds: 20\n        httpGet:\n          port: 8081\n',
    '      livenessProbe:\n        initialDelaySeconds: 120\n        periodSeconds: 20\n        exec:\n          command: ["curl", "-f", "http://localhost:8081/"]\n',
  );
  it('the fixture has the probe the test rewrites', () => expect(vm).toContain('exec:'));
  it('passes while the server answers, and restarts the VM after the server stops', () => {
    const ok = simulate({ vm, userData: fixture('cloudinit-probe.yaml'), until: 600 });
    expect(ok.summary.restarts).toBe(0);
    expect(ok.events.some((e) => e.type === 'probe' && e.detail.handler === 'exec' && e.detail.result === 'success' && !e.detail.message)).toBe(true);
    const stopped = simulate({ vm, userData: fixture('cloudinit-probe.yaml'), until: 900, scenario: [{ at: 300, action: 'stop-server' }] });
    expect(stopped.summary.restarts).toBeGreaterThanOrEqual(1);
    const failure = stopped.events.find((e) => e.type === 'probe' && e.detail.result === 'failure');
    expect(failure?.detail.message).toBe("command exited with 7: curl: (7) Failed to connect to localhost port 8081 after 0 ms: Couldn't connect to server");
  });
  it('names a command it cannot model in the notes', () => {
    const r = simulate({ vm: vm.replace('["curl", "-f", "http://localhost:8081/"]', '["cat", "/tmp/healthy"]'), userData: fixture('cloudinit-probe.yaml'), until: 300 });
    expect(r.summary.notes).toContain('not simulated: the liveness probe\'s command "cat /tmp/healthy" (taken as exit 0 while the guest agent answers)');
  });
});
