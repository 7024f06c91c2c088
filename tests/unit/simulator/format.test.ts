// The readable log, full (kvlab simulate's text format) and with repeated probe results collapsed
// (the simulator view's text alternative).
import { describe, expect, it } from 'vitest';
import { formatLog, type SimEvent } from '../../../simulator/index.ts';

const probe = (t: number, probe: string, result: string, message?: string): SimEvent => ({ t, source: 'kubelet', type: 'probe', detail: { probe, handler: 'tcpSocket', result, ...(message ? { message } : {}) } });
const events: SimEvent[] = [
  { t: 0, source: 'vm', type: 'start', detail: { by: 'virtctl start' } },
  probe(10, 'liveness', 'success'),
  probe(10, 'readiness', 'failure', 'connection refused: nothing listens on 8081'),
  probe(11, 'liveness', 'success'),
  probe(11, 'readiness', 'failure', 'connection refused: nothing listens on 8081'),
  probe(12, 'liveness', 'success'),
  probe(12, 'readiness', 'success'),
  probe(13, 'liveness', 'success'),
  probe(13, 'readiness', 'success'),
  { t: 13, source: 'vmi', type: 'condition', detail: { condition: 'Ready', status: 'True' } },
  probe(14, 'liveness', 'success'),
];

describe('formatLog', () => {
  it('prints every event by default', () => {
    expect(formatLog(events).split('\n')).toHaveLength(events.length);
  });
  it('collapses a probe repeating its result, per probe, until its result changes or another event happens', () => {
    expect(formatLog(events, { collapseProbes: true }).split('\n')).toEqual([
      '     0.0s  vm        VM started (virtctl start)',
      '    10.0s  kubelet   liveness probe (tcpSocket): success (×4, every 1 s until 13.0 s)',
      '    10.0s  kubelet   readiness probe (tcpSocket): failure (connection refused: nothing listens on 8081) (×2, every 1 s until 11.0 s)',
      '    12.0s  kubelet   readiness probe (tcpSocket): success (×2, every 1 s until 13.0 s)',
      '    13.0s  vmi       VMI condition Ready=True',
      '    14.0s  kubelet   liveness probe (tcpSocket): success',
    ]);
  });
});
