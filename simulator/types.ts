// The timeline's vocabulary: what `kvlab simulate --format json`, the checker and the view read.

export type EventSource = 'vm' | 'vmi' | 'kubelet' | 'guest' | 'watchdog' | 'endpoints' | 'storage' | 'migration';

/** One thing that happened, t in seconds since the VM was started (virtctl start at t=0). */
export interface SimEvent {
  t: number;
  source: EventSource;
  type: string;
  detail: Record<string, unknown>;
}

export type ProbeKind = 'liveness' | 'readiness';
export type ProbeResult = 'success' | 'failure' | 'timeout';
export type Handler = 'httpGet' | 'tcpSocket' | 'exec' | 'guestAgentPing' | 'none';

export type ScenarioAction =
  | 'stop-server'
  | 'start-server'
  | 'remove-guest-agent'
  | 'hang-guest'
  | 'start-watchdog-feeder'
  | 'stop-watchdog-feeder'
  | 'restart';

export interface ScenarioStep {
  at: number;
  action: ScenarioAction;
  port?: number;
  interval?: number;
  timeout?: number;
}

export type VmiPhase = 'Pending' | 'Scheduling' | 'Scheduled' | 'Running' | 'Succeeded' | 'Failed';

export type RunStrategy = 'Always' | 'RerunOnFailure' | 'Manual' | 'Halted' | 'Once';
