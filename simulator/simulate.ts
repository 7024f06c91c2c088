// The one-shot run: a VirtualMachine (and its user data), started with `virtctl start` at t=0,
// a scenario, until a time. Used by `kvlab simulate`, the checker's behaviour requirements and
// the simulator view.
import { parseAllDocuments } from 'yaml';
import { validateText } from '../validators/index.ts';
import type { Finding } from '../validators/types.ts';
import { SimCluster } from './cluster.ts';
import { execProbe } from './exec-probe.ts';
import { scenarioFromObjects, type Scenario } from './scenario.ts';
import type { Timeline } from './timeline.ts';
import type { Timings } from './timings.ts';
import type { SimEvent } from './types.ts';
import { vmModel } from './vm-model.ts';

export interface SimulateInput {
  /** VirtualMachine YAML (may hold Secrets in the same stream). */
  vm: string;
  /** #cloud-config text, taken as the Secret the VM's cloud-init volume refers to. */
  userData?: string;
  /** Steps as objects (exercise files) or an already parsed Scenario. */
  scenario?: unknown[] | Scenario;
  until: number;
  seed?: number;
  timings?: Partial<Timings>;
  file?: string;
  userDataFile?: string;
}

export interface SimSummary {
  vm: string;
  until: number;
  runningAt?: number;
  readyAt?: number;
  restarts: number;
  restartTimes: number[];
  finalPhase?: string;
  ready: boolean;
  startError?: string;
  /** What the run could not model or had to assume. */
  notes: string[];
  /** The readiness arithmetic: first probe and earliest Ready, in seconds after the compute container starts. */
  readiness?: { containerStartedAt?: number; podInitialDelaySeconds: number; earliestReadyAfterContainerStart: number };
}

export interface SimulateResult {
  /** Every event as an object, built from `timeline` on first read (a 24 h run holds ~170,000). */
  readonly events: SimEvent[];
  /** The same events, compactly: what the summary reads, without an object per probe run. */
  readonly timeline: Timeline;
  summary: SimSummary;
}

export interface InputFinding extends Finding {
  file: string;
}

/** Input the API server would reject: the validators' findings, nothing simulated. */
export class SimInputError extends Error {
  constructor(readonly findings: InputFinding[]) {
    super(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.stage}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`).join('\n'));
    this.name = 'SimInputError';
  }
}

const REJECTING = new Set(['yaml', 'schema', 'validation', 'admission']);
/** About 10 days of two 1 s probes; more would only exhaust memory. */
export const MAX_EVENTS = 2_000_000;

export function simulate(input: SimulateInput): SimulateResult {
  const file = input.file ?? 'vm.yaml';
  const udFile = input.userDataFile ?? 'userdata';
  const results = validateText(input.vm, { file, ...(input.userData !== undefined ? { userData: [{ text: input.userData, file: udFile }] } : {}) });
  const rejecting: InputFinding[] = [];
  const startErrors: string[] = [];
  const notes: string[] = [];
  for (const d of results) {
    for (const f of d.findings) {
      if (f.severity !== 'error') continue;
      if (REJECTING.has(f.stage)) rejecting.push({ ...f, file });
      else if (f.stage === 'start') startErrors.push(f.message);
      else notes.push(`${f.stage}: ${f.message}`);
    }
  }
  if (rejecting.length) throw new SimInputError(rejecting);

  const docs = parseAllDocuments(input.vm);
  const objs = (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS() as unknown).filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null);
  const vmObj = objs.find((o) => o.kind === 'VirtualMachine');
  if (!vmObj) {
    const kinds = objs.map((o) => String(o.kind)).join(', ');
    throw new SimInputError([{ file, stage: 'schema', severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1, path: 'kind', message: `no VirtualMachine to simulate${kinds ? ` (found ${kinds})` : ''}`, hint: 'Give the VirtualMachine manifest (kind: VirtualMachine) and its cloud-init file.' }]);
  }
  const scenario: Scenario = Array.isArray(input.scenario) ? scenarioFromObjects(input.scenario) : (input.scenario ?? { steps: [], timings: {} });
  const model = vmModel(vmObj);
  // nearly every event is a probe run: one per period per probe, and a few hundred others
  const expectedEvents = model.probes.reduce((n, p) => n + input.until / Math.max(1, p.periodSeconds), 256 + scenario.steps.length * 4);
  const cluster = new SimCluster({ seed: input.seed ?? 1, timings: { ...(input.timings ?? {}), ...scenario.timings }, missingSecret: 'empty', maxEvents: MAX_EVENTS, expectedEvents });
  const ns = model.namespace;
  for (const o of objs) if (o.kind === 'Secret') cluster.apply({ ...o, metadata: { namespace: ns, ...(o.metadata as object) } });
  const ud = model.userData;
  if (input.userData !== undefined) {
    if (ud && 'secretName' in ud) cluster.apply({ kind: 'Secret', metadata: { name: ud.secretName, namespace: ns }, stringData: { userdata: input.userData } });
    else if (ud) notes.push('the VM carries its own user data inline; the given cloud-init file is not used');
    else notes.push('the VM has no cloud-init volume; the given cloud-init file is not used');
  }
  // a fresh VM: kubectl apply, then virtctl start at t=0
  const asStopped = { ...vmObj, spec: { ...(vmObj.spec as object), running: false } } as Record<string, unknown>;
  delete (asStopped.spec as Record<string, unknown>).runStrategy;
  const strategy = model.runStrategy;
  cluster.apply(asStopped, { startErrors });
  const vmName = model.name;
  cluster.virtctl('start', ns, vmName);
  // put back what the trainee wrote (virtctl start of `running: false` leaves Always; Manual/Once/RerunOnFailure stay)
  if (strategy !== 'Halted' && strategy !== 'Always') cluster.apply(vmObj, { startErrors });
  cluster.atEach(scenario.steps.map((s) => ({ t: s.at, fn: () => cluster.guestAction(ns, vmName, s) })));
  cluster.runUntil(input.until);

  const timeline = cluster.timeline;
  if (cluster.truncatedAt !== undefined) notes.push(`the run stopped at ${Math.floor(cluster.truncatedAt)} s after ${MAX_EVENTS.toLocaleString('en')} events; simulate a shorter time (--until)`);
  for (const p of model.probes) {
    const r = p.handler === 'exec' ? execProbe(p.command ?? [], { listeners: new Map() }) : undefined;
    if (r && 'unknown' in r) notes.push(`not simulated: the ${p.kind} probe's command "${r.unknown}" (taken as exit 0 while the guest agent answers)`);
  }
  const { summary, scheduledAt } = summarize(timeline, input.until, vmName, cluster, ns, notes);
  const rp = model.probes.find((p) => p.kind === 'readiness');
  if (rp) {
    summary.readiness = {
      ...(scheduledAt !== undefined ? { containerStartedAt: scheduledAt } : {}),
      podInitialDelaySeconds: rp.initialDelaySeconds,
      earliestReadyAfterContainerStart: rp.initialDelaySeconds + (rp.successThreshold - 1) * rp.periodSeconds,
    };
  }
  // `timeline` is not enumerable: JSON.stringify and structured clone see {events, summary}
  return Object.defineProperty(
    {
      get events() {
        return timeline.events;
      },
      summary,
    },
    'timeline',
    { value: timeline, enumerable: false },
  ) as SimulateResult;
}

function summarize(timeline: Timeline, until: number, vm: string, cluster: SimCluster, ns: string, notes: string[]): { summary: SimSummary; scheduledAt?: number } {
  // one pass over what may be a couple of million events, reading the shared records: probe
  // runs and kills (source kubelet) are nothing the summary reads
  const restartTimes: number[] = [];
  let runningAt: number | undefined;
  let readyAt: number | undefined;
  let scheduledAt: number | undefined;
  let startError: string | undefined;
  for (let i = 0, n = timeline.length; i < n; i++) {
    const { source, type, detail } = timeline.recordAt(i);
    if (source === 'kubelet') continue;
    if (type === 'restart' && source === 'vm') restartTimes.push(timeline.timeAt(i));
    else if (type === 'start-error') startError ??= String(detail.message);
    else if (source === 'vmi') {
      if (type === 'phase') {
        if (runningAt === undefined && detail.phase === 'Running') runningAt = timeline.timeAt(i);
        else if (scheduledAt === undefined && detail.phase === 'Scheduled') scheduledAt = timeline.timeAt(i);
      } else if (readyAt === undefined && type === 'condition' && detail.status === 'True') readyAt = timeline.timeAt(i);
    } else if (source === 'guest') {
      if (type === 'note') notes.push(String(detail.message));
      else if (type === 'step' && detail.status === 'not-simulated') notes.push(`not simulated: ${String(detail.command)}`);
    }
  }
  const vmi = cluster.vmi(ns, vm);
  const s: SimSummary = { vm, until, restarts: restartTimes.length, restartTimes, ready: !!vmi?.ready, notes: [...new Set(notes)] };
  if (runningAt !== undefined) s.runningAt = runningAt;
  if (readyAt !== undefined) s.readyAt = readyAt;
  if (vmi) s.finalPhase = vmi.phase;
  if (startError !== undefined) s.startError = startError;
  return scheduledAt !== undefined ? { summary: s, scheduledAt } : { summary: s };
}
