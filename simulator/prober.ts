// The kubelet's probe worker (kubernetes pkg/kubelet/prober/worker.go, doProbe and run), as a
// state machine over simulated time. Timing (ticks, probe duration) is the caller's; this file
// holds the decisions: when a tick probes, how results are counted against the thresholds, what
// the stored result becomes, and the on-hold rule after a liveness failure.

export type KubeletResult = 'success' | 'failure' | 'unknown';

export interface WorkerSpec {
  kind: 'liveness' | 'readiness';
  initialDelaySeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** The compute container as the kubelet's status manager shows it. */
export interface ContainerView {
  id: string;
  startedAt: number;
  running: boolean;
  /** Terminated (not just not yet running). */
  terminated: boolean;
}

export type Gate = 'probe' | 'wait' | 'stop';

export class ProbeWorker {
  /** results.Result's zero value is Success, so a fresh worker's lastResult is Success. */
  lastResult: 'success' | 'failure' = 'success';
  resultRun = 0;
  onHold = false;
  containerId: string | undefined;
  /** What the results manager holds for the current container. */
  stored: KubeletResult = 'unknown';
  readonly initialValue: KubeletResult;
  /** When the ticker last started: the worker's start, or its last manual trigger (probeTicker.Reset). */
  tickBase: number;
  /**
   * Run doProbe now and restart the ticker from now: what the kubelet does to a readiness
   * worker when it builds the pod's status and the container is not ready (set by the wiring).
   */
  trigger: () => void = () => {};

  constructor(
    readonly spec: WorkerSpec,
    /** When the worker's goroutine started: its ticker counts periods from here. */
    readonly startedAt: number,
    private readonly onSet: (r: KubeletResult, why: 'initial' | 'not-running' | 'threshold') => void,
    /** Pod restartPolicy Never (virt-launcher): a terminated container ends the worker. */
    private readonly restartNever = true,
  ) {
    this.initialValue = spec.kind === 'readiness' ? 'failure' : 'success';
    this.tickBase = startedAt;
  }

  /** probeTicker.Reset(period) after a manual run: the next tick is one period from t. */
  resetTicker(t: number): void {
    this.tickBase = t;
  }

  private set(r: KubeletResult, why: 'initial' | 'not-running' | 'threshold'): void {
    // the results manager sends an update only when the stored result changes (manager.go Set);
    // a run past the threshold re-sets the same result every period, which tells nobody anything
    if (why === 'threshold' && r === this.stored) return;
    this.stored = r;
    this.onSet(r, why);
  }

  /** The first half of doProbe: may this tick probe? */
  gate(now: number, c: ContainerView | undefined, podTerminated: boolean): Gate {
    if (podTerminated) return 'stop';
    if (!c) return 'wait'; // container not created yet
    if (this.containerId !== c.id) {
      this.containerId = c.id;
      this.set(this.initialValue, 'initial');
      this.onHold = false; // a new container: resume probing
    }
    if (this.onHold) return 'wait';
    if (!c.running) {
      this.set('failure', 'not-running');
      return c.terminated && this.restartNever ? 'stop' : 'wait';
    }
    // int32(time.Since(startedAt).Seconds()) < initialDelaySeconds: truncation, not rounding
    if (Math.trunc(now - c.startedAt + 1e-9) < this.spec.initialDelaySeconds) return 'wait';
    return 'probe';
  }

  /** The second half: count the result; returns the stored result when it changed hands. */
  record(result: 'success' | 'failure'): void {
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    if ((result === 'failure' && this.resultRun < this.spec.failureThreshold) || (result === 'success' && this.resultRun < this.spec.successThreshold)) return;
    this.set(result, 'threshold');
    if (this.spec.kind === 'liveness' && result === 'failure') {
      // stop probing until a new container ID shows up
      this.onHold = true;
      this.resultRun = 0;
    }
  }

  /**
   * When the next doProbe runs, given the last one started at `start` and finished at `finish`.
   * Go's ticker keeps one missed tick buffered and drops the rest, so a probe that overruns a
   * period is followed at once by the next one.
   */
  nextRun(start: number, finish: number): number {
    const P = this.spec.periodSeconds;
    const k = Math.floor((start - this.tickBase) / P + 1e-9) + 1;
    const tick = this.tickBase + k * P;
    if (tick <= finish + 1e-9) return finish;
    return tick;
  }
}
