import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimCluster, type SimEvent, type Timings } from '../../../simulator/index.ts';

export const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

/** Round timings so expected times are plain arithmetic. */
export const T: Partial<Timings> = { podCreate: 1, podStart: 4, domainStart: 2, bootcmdStart: 5, agentStart: 10, packageInstall: 20, listenerStart: 1, containerKill: 2, vmiRecreate: 1, domainStop: 1, gracefulStop: 5 };

export const cloudConfig = (port = 8081, extra = '') => `#cloud-config
bootcmd:
  - ["sudo", "dnf", "install", "-y", "nmap-ncat"]
  - ["sudo", "systemd-run", "--unit=httpserver", "nc", "-klp", "${port}", "-e", '/usr/bin/echo -e HTTP/1.1 200 OK\\\\nContent-Length: 12\\\\n\\\\nHello World!']
${extra}`;

/** A VM object (not text) with the given probes/devices, its Secret named "ud". */
export function vmObject(opts: { liveness?: object; readiness?: object; watchdog?: string; runStrategy?: string; ports?: number[] } = {}): Record<string, unknown> {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'vm', namespace: 'ns' },
    spec: {
      ...(opts.runStrategy ? { runStrategy: opts.runStrategy } : { running: false }),
      template: {
        metadata: { labels: { app: 'vm' } },
        spec: {
          domain: {
            devices: {
              interfaces: [{ name: 'default', masquerade: {}, ...(opts.ports ? { ports: opts.ports.map((port) => ({ port })) } : {}) }],
              ...(opts.watchdog ? { watchdog: { name: 'w', i6300esb: { action: opts.watchdog } } } : {}),
            },
            resources: { requests: { memory: '1Gi' } },
          },
          ...(opts.liveness ? { livenessProbe: opts.liveness } : {}),
          ...(opts.readiness ? { readinessProbe: opts.readiness } : {}),
          networks: [{ name: 'default', pod: {} }],
          volumes: [{ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'ud' } } }],
        },
      },
    },
  };
}

export function startCluster(vm: Record<string, unknown>, userData: string | null = cloudConfig(), seed = 1): SimCluster {
  const c = new SimCluster({ seed, timings: T });
  if (userData !== null) c.apply({ kind: 'Secret', metadata: { name: 'ud', namespace: 'ns' }, stringData: { userdata: userData } });
  c.apply(vm);
  c.virtctl('start', 'ns', 'vm');
  return c;
}

export const times = (events: SimEvent[], pred: (e: SimEvent) => boolean) => events.filter(pred).map((e) => e.t);
export const probes = (events: SimEvent[], kind: string) => events.filter((e) => e.type === 'probe' && e.detail.probe === kind);
export const phases = (events: SimEvent[]) => events.filter((e) => e.type === 'phase').map((e) => `${e.t}:${String(e.detail.phase)}`);
