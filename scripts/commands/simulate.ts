// `kvlab simulate FILE… [--scenario FILE] [--until SECONDS] [--format text|json] [--seed N]`:
// start the VirtualMachine in FILE… at t=0 (virtctl start) and print what its probes, the VM
// controller, the guest and the watchdog do, as a readable log or a JSON array of events.
// Exit 0 simulated, 1 input the API server would reject (the validators' findings), 2 bad
// arguments or unreadable files.
import '../../validators/load-all.ts'; // every validator loaded before the first validateText
import { parseAllDocuments } from 'yaml';
import { formatLog, parseScenario, ScenarioError, simulate, SimInputError, type Scenario } from '../../simulator/index.ts';
import { decodeBase64, vmModel } from '../../simulator/vm-model.ts';
import { MAX_BYTES } from '../../validators/index.ts';
import { readFileCapped } from '../../validators/capped-read-fs.ts';
import { fail as argError, integer, oneOf, parseCommandArgs, argsOrExit, type ArgsResult } from '../lib/args.ts';
import { escapeControl } from '../lib/terminal-text.ts';

export const summary = "simulate a VM's probes, watchdog and restarts on a timeline (text log or JSON events)";

export const usage = `Usage: kvlab simulate FILE… [--scenario FILE] [--until SECONDS] [--format text|json] [--seed N]

  FILE…              a VirtualMachine manifest and what it refers to: a Secret with its
                     cloud-init user data, or the #cloud-config file the Secret is made from
                     (kubectl create secret generic … --from-file=userdata=FILE)
  --scenario FILE    YAML list of steps {at: SECONDS, action, port?, interval?, timeout?};
                     actions: stop-server, start-server, remove-guest-agent, hang-guest,
                     start-watchdog-feeder, stop-watchdog-feeder, restart.
                     An item {timings: {podStart: 20, …}} overrides simulator/timings.ts.
  --until SECONDS    how long to simulate after the start (default 600)
  --format F         text (default): a readable log; json: a JSON array of {t, source, type, detail}
  --seed N           seed of the simulator's PRNG (default 1): same seed, same timeline

Exit status: 0 simulated, 1 the API server would reject the input, 2 bad arguments or files.`;

export interface SimulateArgs {
  files: string[];
  scenario?: string;
  until: number;
  format: 'text' | 'json';
  seed: number;
  help: boolean;
}

const OPTIONS = {
  scenario: { type: 'string' },
  until: { type: 'string' },
  format: { type: 'string', default: 'text' },
  seed: { type: 'string' },
} as const;

/** Pure: argv → options or the one error to print (exit 2). */
export function parseSimulateArgs(argv: string[]): ArgsResult<SimulateArgs> {
  return parseCommandArgs(
    argv,
    OPTIONS,
    (v, files) => {
      if (!v.help && files.length === 0) argError('give the VirtualMachine manifest (and its cloud-init file or Secret)');
      let until = 600;
      if (v.until !== undefined) {
        until = Number(v.until);
        if (!Number.isFinite(until) || until <= 0 || until > 30 * 24 * 3600) argError(`--until must be a number of seconds > 0 (at most 30 days), got "${v.until}"`);
      }
      return {
        files,
        ...(v.scenario ? { scenario: v.scenario } : {}),
        until,
        format: oneOf('--format', v.format, ['text', 'json']),
        seed: v.seed === undefined ? 1 : integer('--seed', v.seed),
        help: v.help,
      };
    },
    { positionals: true },
  );
}

function fail(message: string): number {
  console.error(`kvlab simulate: ${escapeControl(message, true)}`);
  return 2;
}

interface Loaded {
  file: string;
  text: string;
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('simulate', parseSimulateArgs(argv), usage);
  if (typeof args === 'number') return args;
  const read = (file: string): Loaded | string => {
    try {
      const r = readFileCapped(file);
      if (r.tooLarge) return `${file}: larger than ${MAX_BYTES / 1024 / 1024} MiB, the most the API server accepts; reading stopped there`;
      return { file, text: r.text };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return `${file}: cannot read it (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (e as Error).message})`;
    }
  };
  const loaded: Loaded[] = [];
  for (const f of args.files) {
    const r = read(f);
    if (typeof r === 'string') return fail(r);
    loaded.push(r);
  }
  let scenario: Scenario | undefined;
  if (args.scenario) {
    const r = read(args.scenario);
    if (typeof r === 'string') return fail(r);
    try {
      scenario = parseScenario(r.text, r.file);
    } catch (e) {
      if (e instanceof ScenarioError) return fail(`the scenario has problems:\n${e.message}`);
      throw e;
    }
  }

  // Sort the files: cloud-config user data, the VM, Secrets.
  const cloudConfigs = loaded.filter((l) => /^#cloud-config\s*$/.test(l.text.split(/\r?\n/)[0] ?? ''));
  const manifests = loaded.filter((l) => !cloudConfigs.includes(l));
  const kindsOf = (l: Loaded): unknown[] => {
    try {
      return parseAllDocuments(l.text).flatMap((d) => ('toJS' in d ? [d.toJS() as unknown] : []));
    } catch {
      return [];
    }
  };
  const isKind = (o: unknown, k: string) => typeof o === 'object' && o !== null && (o as { kind?: unknown }).kind === k;
  const vmFiles = manifests.filter((l) => kindsOf(l).some((o) => isKind(o, 'VirtualMachine')));
  if (vmFiles.length === 0) {
    if (manifests.length === 1 && cloudConfigs.length === 0) {
      // let the validators explain what is wrong with the one file given
      vmFiles.push(manifests[0]!);
    } else return fail(`none of ${args.files.join(', ')} holds a VirtualMachine (kind: VirtualMachine)`);
  }
  if (vmFiles.length > 1) return fail(`give one VirtualMachine; found one in each of ${vmFiles.map((l) => l.file).join(', ')}`);
  if (cloudConfigs.length > 1) return fail(`give one cloud-init file; found ${cloudConfigs.map((l) => l.file).join(', ')}`);
  const vmFile = vmFiles[0]!;
  let userData: { text: string; file: string } | undefined = cloudConfigs[0] ? { text: cloudConfigs[0].text, file: cloudConfigs[0].file } : undefined;
  const warnings: string[] = [];
  const vmObj = kindsOf(vmFile).find((o) => isKind(o, 'VirtualMachine')) as Record<string, unknown> | undefined;
  const ref = vmObj ? vmModel(vmObj).userData : undefined;
  for (const l of manifests) {
    if (l === vmFile) continue;
    for (const o of kindsOf(l)) {
      if (!isKind(o, 'Secret')) {
        warnings.push(`${l.file}: a ${String((o as { kind?: unknown })?.kind ?? 'document')} is not simulated; ignored`);
        continue;
      }
      const s = o as { metadata?: { name?: string }; data?: Record<string, string>; stringData?: Record<string, string> };
      const name = s.metadata?.name;
      if (ref && 'secretName' in ref && name !== ref.secretName) {
        warnings.push(`${l.file}: Secret ${name} is not the one the VM refers to (${ref.secretName}); ignored`);
        continue;
      }
      let text = s.stringData?.userdata ?? s.stringData?.userData;
      const b64 = s.data?.userdata ?? s.data?.userData;
      if (text === undefined && typeof b64 === 'string') {
        try {
          text = decodeBase64(b64);
        } catch {
          return fail(`${l.file}: Secret ${name} data.userdata is not base64`);
        }
      }
      if (text === undefined) warnings.push(`${l.file}: Secret ${name} has no userdata key (kubectl create secret generic … --from-file=userdata=FILE)`);
      else if (userData) warnings.push(`${l.file}: Secret ${name} ignored: ${userData.file} already gives the user data`);
      else userData = { text, file: l.file };
    }
  }
  for (const w of warnings) console.error(`kvlab simulate: warning: ${escapeControl(w)}`);

  let result;
  try {
    result = simulate({ vm: vmFile.text, file: vmFile.file, ...(userData ? { userData: userData.text, userDataFile: userData.file } : {}), ...(scenario ? { scenario } : {}), until: args.until, seed: args.seed });
  } catch (e) {
    if (e instanceof SimInputError) {
      const x = (t: string) => escapeControl(t);
      console.error(`kvlab simulate: the API server would reject ${x(vmFile.file)}; nothing was simulated:`);
      for (const f of e.findings) console.error(`${x(f.file ?? vmFile.file)}:${f.line}:${f.column}: ${f.stage} error: ${f.path ? `${x(f.path)}: ` : ''}${x(f.message)}${f.hint ? `\n    hint: ${x(f.hint)}` : ''}`);
      return 1;
    }
    throw e;
  }
  if (args.format === 'json') {
    console.log(JSON.stringify(result.events, null, 1));
    return 0;
  }
  const s = result.summary;
  console.log(`Simulated ${escapeControl(s.vm)} for ${args.until} s (virtctl start at t=0; seed ${args.seed}):`);
  console.log(escapeControl(formatLog(result.events), true));
  console.log('');
  console.log(`Running at: ${s.runningAt !== undefined ? `${s.runningAt} s` : 'never'}`);
  console.log(`Ready at: ${s.readyAt !== undefined ? `${s.readyAt} s` : 'never'}${s.readiness ? ` (readiness: first probe ≥ ${s.readiness.podInitialDelaySeconds} s after the compute container starts, Ready ≥ ${s.readiness.earliestReadyAfterContainerStart} s after it)` : ''}`);
  console.log(`Restarts: ${s.restarts}${s.restarts ? ` at ${s.restartTimes.join(', ')} s` : ''}`);
  if (s.startError) console.log(`The VMI cannot start: ${escapeControl(s.startError)}`);
  for (const n of s.notes) console.log(`Note: ${escapeControl(n)}`);
  return 0;
}
