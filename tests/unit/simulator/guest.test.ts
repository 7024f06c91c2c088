import { describe, expect, it } from 'vitest';
import { parseCommand, planFromCloudConfig, shellWords } from '../../../simulator/guest-commands.ts';
import { parseScenario, ScenarioError } from '../../../simulator/index.ts';
import { cloudConfig, startCluster, vmObject } from './helpers.ts';

describe('cloud-init commands the guest model recognises', () => {
  it('reads the lab\'s systemd-run nc -klp listener with its HTTP status', () => {
    const [s] = parseCommand(['sudo', 'systemd-run', '--unit=httpserver', 'nc', '-klp', '8081', '-e', '/usr/bin/echo -e HTTP/1.1 200 OK\\nContent-Length: 12']);
    expect(s).toMatchObject({ kind: 'listen', port: 8081, keepOpen: true, http: 200, background: true });
  });

  it('shell strings: nc -l -p PORT &, python3 -m http.server, busybox watchdog durations, sleep', () => {
    expect(parseCommand('nc -l -p 9000 &')[0]).toMatchObject({ kind: 'listen', port: 9000, keepOpen: false, http: undefined, background: true });
    expect(parseCommand('python3 -m http.server 8080')[0]).toMatchObject({ kind: 'listen', port: 8080, http: 'dir', background: false });
    expect(parseCommand('sudo busybox watchdog -t 2000ms -T 10000ms /dev/watchdog')[0]).toMatchObject({ kind: 'feeder', interval: 2, timeout: 10, background: true });
    expect(parseCommand('sleep 5 && echo hi').map((s) => s.kind)).toEqual(['sleep', 'noop']);
    expect(shellWords(`sh -c 'a "b c"' && d`)).toEqual(['sh', '-c', 'a "b c"', '&&', 'd']);
  });

  it('what it cannot model is "unknown" and shows as not simulated on the timeline', () => {
    expect(parseCommand(['setenforce', '0'])[0]).toMatchObject({ kind: 'unknown' });
    const c = startCluster(vmObject(), cloudConfig(8081, '  - ["setenforce", "0"]\n'));
    c.runUntil(60);
    expect(c.events.find((e) => e.type === 'step' && e.detail.status === 'not-simulated')?.detail.command).toBe('setenforce 0');
  });

  it('a foreground listener blocks the rest of bootcmd; nc without its package fails', () => {
    const plan = planFromCloudConfig({ bootcmd: [['nc', '-klp', '8081'], ['python3', '-m', 'http.server', '8082']] });
    expect(plan.bootcmd.map((s) => s.kind)).toEqual(['listen', 'listen']);
    const c = startCluster(vmObject(), `#cloud-config\nbootcmd:\n  - ["nc", "-klp", "8081"]\n`);
    c.runUntil(60);
    expect(c.events.find((e) => e.type === 'step')?.detail).toMatchObject({ status: 'failed' });
    const d = startCluster(vmObject(), `#cloud-config\nbootcmd:\n  - ["python3", "-m", "http.server", "8082"]\n  - ["python3", "-m", "http.server", "8083"]\n`);
    d.runUntil(60);
    expect(d.events.filter((e) => e.type === 'listening').map((e) => e.detail.port)).toEqual([8082]);
  });

  it('python http.server answers 200 on / and 404 elsewhere', () => {
    const ud = `#cloud-config\nbootcmd:\n  - "python3 -m http.server 8081 &"\n`;
    const ok = startCluster(vmObject({ readiness: { httpGet: { port: 8081 }, periodSeconds: 10 } }), ud);
    const nf = startCluster(vmObject({ readiness: { httpGet: { port: 8081, path: '/healthz' }, periodSeconds: 10 } }), ud);
    ok.runUntil(40);
    nf.runUntil(40);
    expect(ok.events.filter((e) => e.type === 'probe').at(-1)?.detail.result).toBe('success');
    expect(nf.events.filter((e) => e.type === 'probe').at(-1)?.detail).toMatchObject({ result: 'failure', message: 'HTTP 404' });
  });
});

describe('scenario files', () => {
  it('parses steps and timings, sorted by time', () => {
    const s = parseScenario('- {at: 400, action: stop-server, port: 8081}\n- {at: 100, action: hang-guest}\n- timings: {podStart: 20}\n');
    expect(s.steps.map((x) => x.at)).toEqual([100, 400]);
    expect(s.timings).toEqual({ podStart: 20 });
  });

  it('reports problems with file:line:column', () => {
    const bad = () => parseScenario('- {at: 10, action: stop-server}\n- {at: -1, action: explode}\n', 'sc.yaml');
    expect(bad).toThrow(ScenarioError);
    try {
      bad();
    } catch (e) {
      expect((e as Error).message).toMatch(/^sc\.yaml:2:4: at must be/m);
      expect((e as Error).message).toMatch(/sc\.yaml:2:\d+: action must be one of/);
    }
    expect(() => parseScenario('at: 1\n', 'x.yaml')).toThrow(/x\.yaml:1:1: a scenario is a YAML list/);
    expect(() => parseScenario('- [\n', 'y.yaml')).toThrow(/y\.yaml:\d+:\d+: not valid YAML/);
    expect(() => parseScenario('- timings: {bogus: 1}\n')).toThrow(/unknown timing "bogus"/);
  });
});
