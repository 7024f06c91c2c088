// Public face of the simulator (contract 5): the steppable SimCluster and the one-shot simulate().
export { SimCluster, startBackoff, type SimClusterOptions, type VmiRow, type VmRow } from './cluster.ts';
export { simulate, SimInputError, type SimulateInput, type SimulateResult, type SimSummary } from './simulate.ts';
export { parseScenario, scenarioFromObjects, ScenarioError, ACTIONS, type Scenario } from './scenario.ts';
export { defaultTimings, timingNames, type Timings } from './timings.ts';
export { formatLog, formatTable, describe, kubectlAge } from './format.ts';
export { ProbeWorker } from './prober.ts';
export { Timeline, type EventRecord, type TimelineParts } from './timeline.ts';
export { LIBVIRT_STARTUP_DELAY, vmModel } from './vm-model.ts';
export type { SimEvent, ScenarioStep, ScenarioAction, ProbeKind, ProbeResult, VmiPhase } from './types.ts';
