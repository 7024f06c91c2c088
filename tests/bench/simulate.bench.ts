// `npm run bench simulate`: 24 simulated hours of a VM whose liveness and readiness probes both
// run every second, against a server that fails and recovers (down 20 s every 5 minutes —
// readiness drops, liveness rides it out — and down 60 s once an hour, which liveness does not
// survive: the VMI fails and the VM restarts it). No peer is named for this one: the figures
// are absolute (wall time, events, events per second, simulated seconds per wall second).
import '../../validators/load-all.ts'; // every validator loaded before the first validateText
import { performance } from 'node:perf_hooks';
import { simulate } from '../../simulator/index.ts';

const vm = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: bench
spec:
  running: false
  template:
    metadata:
      labels:
        kubevirt.io/domain: bench
    spec:
      domain:
        devices:
          interfaces:
          - name: default
            masquerade: {}
        resources:
          requests:
            memory: 1024M
      livenessProbe:
        tcpSocket:
          port: 8081
        periodSeconds: 1
        failureThreshold: 30
      readinessProbe:
        httpGet:
          port: 8081
        periodSeconds: 1
        failureThreshold: 3
      networks:
      - name: default
        pod: {}
      volumes:
        - name: cloudinitdisk
          cloudInitNoCloud:
            secretRef:
              name: bench-ud
`;
const userData = `#cloud-config
bootcmd:
  - ["sudo", "dnf", "install", "-y", "nmap-ncat"]
  - ["sudo", "systemd-run", "--unit=httpserver", "nc", "-klp", "8081", "-e", "/usr/bin/echo -e HTTP/1.1 200 OK"]
`;
const DAY = 24 * 3600;
const scenario: { at: number; action: string; port: number }[] = [];
for (let t = 300; t < DAY; t += 300) {
  const down = t % 3600 === 0 ? 60 : 20;
  scenario.push({ at: t, action: 'stop-server', port: 8081 }, { at: t + down, action: 'start-server', port: 8081 });
}

const input = { vm, userData, scenario, until: DAY };

// Two figures, each measured back to back with the previous result of its kind still alive (as a
// caller holding the last result would): simulate() alone (the timeline stays compact: the
// summary, the checker and `kvlab simulate` read it without an object per event), and simulate()
// then reading every event as an object (`result.events`, what --format json and the view read).
function measure(fn: () => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let previous: unknown = fn(); // warm-up
  for (let i = 0; i < 9; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    previous = fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  if (!previous) throw new Error('no result');
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { wall, cpu };
}
const med = (xs: number[]): number => xs[Math.floor(xs.length / 2)]!;
const fmt = (m: { wall: number[]; cpu: number[] }): string =>
  `median ${med(m.wall).toFixed(1)} ms of ${m.wall.length} runs (min ${m.wall[0]!.toFixed(1)}, max ${m.wall.at(-1)!.toFixed(1)}; CPU median ${med(m.cpu).toFixed(1)} ms)`;

const compact = measure(() => simulate(input));
const asObjects = measure(() => {
  const r = simulate(input);
  return r.events.length && r;
});
const result = simulate(input); // the figures below (not timed)
const events = result.timeline.length;
const probes = result.events.filter((e) => e.type === 'probe').length;
const median = med(compact.wall);
console.log(`simulate: 24 simulated hours, liveness + readiness every 1 s, server down 20 s / 5 min and 60 s / hour`);
console.log(`  events: ${events} (${probes} probe runs), restarts: ${result.summary.restarts}, Ready changes: ${result.events.filter((e) => e.type === 'condition').length}`);
console.log(`  simulate() (timeline + summary):           ${fmt(compact)}; budget "well under 100 ms"`);
console.log(`  simulate() + every event as an object:     ${fmt(asObjects)} (what --format json and the view pay)`);
console.log(`  ${(events / (median / 1000)).toFixed(0)} events/s; ${(DAY / (median / 1000)).toFixed(0)} simulated seconds per wall second`);
console.log('  peer: none named; absolute figures (wall time on a loaded machine includes waiting for a core)');
