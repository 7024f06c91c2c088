// `kvlab validate FILE… [--format text|json] [--strict]`: the validators on files (or `-` for
// stdin). Exit 0 when every document is valid, 1 when one is not, 2 on bad arguments or an
// unreadable file. A #cloud-config file given beside a VM is that VM's Secret user data
// (as `kubectl create secret generic … --from-file=userdata=FILE` makes it). A KubeVirt CR given
// beside them is the cluster's configuration where it changes admission (validators/cluster-config.ts).
import '../../validators/load-all.ts'; // every validator loaded before the first validateText
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { loadTraining } from '../../engine/load-fs.ts';
import { trainingProfile } from '../../exercises/exercises-fs.ts';
import { profileFromParams, type ClusterProfile } from '../../validators/profile.ts';
import { clusterConfigFromKubeVirt, type ClusterConfig } from '../../validators/cluster-config.ts';
import { MAX_BYTES, tooLargeResult, validateText } from '../../validators/index.ts';
import { isCloudConfig } from '../../validators/cloudinit.ts';
import { objectsOf } from '../../validators/cross-object.ts';
import type { FileResult } from '../../validators/types.ts';
import { FORMATS, makeOutput, type Format } from '../lib/validate-output.ts';
import { readFileCapped, readStdinCapped, type Capped } from '../../validators/capped-read-fs.ts';
import { fail, oneOf, parseCommandArgs, argsOrExit, type ArgsResult } from '../lib/args.ts';
import { escapeControl } from '../lib/terminal-text.ts';

export const summary = 'validate KubeVirt/Kubernetes YAML (and #cloud-config) like the cluster would';

export const USAGE = `Usage: kvlab validate FILE… [--format|-o text|json] [--strict]
                     [--content DIR [--variant V]] [--profile FILE]
  FILE       a YAML file (a stream of documents), or - for stdin; a file that starts with
             #cloud-config is cloud-init user data, and is used as the user data of the
             VMs given beside it (their cloudInitNoCloud.secretRef); a KubeVirt CR
             (kubectl get kubevirt -n kubevirt kubevirt -o yaml) sets the cluster's
             configuration for the others (permitBridgeInterfaceOnPodNetwork, vmRolloutStrategy;
             KubeVirt's defaults otherwise); the files given together are one lab folder
             for the cross-object checks (a VM's DataVolume, a Service's selector …)
  --format   text (default, like kubeconform) or json
  --strict   warnings make a document invalid too
  --content  the training whose cluster profile (site params kvlab.profile) judges the files,
             as kvlab lint and check do (default: kvlab's default profile); --variant its variant
  --profile  a YAML file holding a cluster profile (name, components, omit: the mapping of
             params.kvlab.profile, docs/validators.md); it overrides --content's
Exit: 0 all valid, 1 something invalid, 2 bad arguments or unreadable input.`;

export interface Args {
  files: string[];
  format: Format;
  strict: boolean;
  content?: string;
  variant?: string;
  profile?: string;
  help: boolean;
}

/** Pure: argv → Args, or the one error to print (then exit 2). */
export function parseValidateArgs(argv: string[]): ArgsResult<Args> {
  return parseCommandArgs(
    argv,
    { format: { type: 'string', short: 'o', default: 'text' }, strict: { type: 'boolean' }, content: { type: 'string' }, variant: { type: 'string' }, profile: { type: 'string' } },
    (v, files) => {
      if (!v.help && files.length === 0) fail('no FILE given (use - for stdin)');
      if (v.variant !== undefined && v.content === undefined) fail('--variant goes with --content');
      return {
        files, format: oneOf('--format', v.format, FORMATS), strict: v.strict,
        ...(v.content !== undefined ? { content: v.content } : {}),
        ...(v.variant !== undefined ? { variant: v.variant } : {}),
        ...(v.profile !== undefined ? { profile: v.profile } : {}),
        help: v.help,
      };
    },
    { positionals: true },
  );
}

type Read = string | Capped;

export interface Io {
  /** The file's text, or {tooLarge} when it is over MAX_BYTES (reading stops there: /dev/zero ends). */
  readFile(path: string): Read | Promise<Read>;
  readStdin(): Read | Promise<Read>;
  out(s: string): void;
  err(s: string): void;
}

const nodeIo: Io = {
  readFile: (p) => readFileCapped(p),
  readStdin: () => readStdinCapped(),
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

export async function runWith(argv: string[], io: Io): Promise<number> {
  const a = argsOrExit('validate', parseValidateArgs(argv), USAGE, { out: (t) => io.out(`${t}\n`), err: (t) => io.err(`${t}\n`) });
  if (typeof a === 'number') return a;
  const profile = await profileOf(a, io);
  if (profile === 2) return 2;
  // text undefined: over the size limit, reported in its place
  const inputs: { file: string; text?: string }[] = [];
  for (const f of a.files) {
    let r: Read;
    try {
      r = await (f === '-' ? io.readStdin() : io.readFile(f));
    } catch (e) {
      io.err(`kvlab validate: cannot read ${escapeControl(f)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    const file = f === '-' ? '<stdin>' : f;
    inputs.push({ file, text: typeof r === 'string' ? r : r.tooLarge ? undefined : r.text });
  }
  const read = inputs.filter((i): i is { file: string; text: string } => i.text !== undefined);
  const userData = read.filter((i) => isCloudConfig(i.text)).map((i) => ({ text: i.text, file: i.file }));
  let cluster: Partial<ClusterConfig> | undefined;
  for (const i of read) {
    if (!/^kind:\s*["']?KubeVirt["']?\s*$/m.test(i.text)) continue;
    for (const d of parseAllDocuments(i.text)) {
      let obj: unknown;
      try {
        obj = d.errors.length ? undefined : d.toJS();
      } catch {
        obj = undefined; // the validators report what is wrong with this document
      }
      cluster = { ...cluster, ...clusterConfigFromKubeVirt(obj) };
    }
  }
  const output = makeOutput(a.format);
  let invalid = false;
  // The files given together are one lab folder: each file's cross-object checks see the others' objects.
  const objects = inputs.map((i) => (i.text === undefined || isCloudConfig(i.text) ? [] : objectsOf(i.text)));
  for (const [n, i] of inputs.entries()) {
    const related = objects.filter((_, m) => m !== n).flat();
    const docs = i.text === undefined
      ? tooLargeResult(`the input is larger than ${MAX_BYTES / 1024 / 1024} MiB (reading stopped there)`)
      : validateText(i.text, { file: i.file, strict: a.strict, userData: userData.length ? userData : undefined, ...(cluster ? { cluster } : {}), ...(profile ? { profile } : {}), ...(related.length ? { related } : {}) });
    const r: FileResult = { file: i.file, documents: docs };
    if (docs.some((d) => !d.valid)) invalid = true;
    output.write(r);
  }
  io.out(output.flush());
  return invalid ? 1 : 0;
}

/** The cluster profile of --profile FILE, else of --content's training (as lint and check read it);
 *  undefined: kvlab's default; 2: reported, exit 2. */
async function profileOf(a: Args, io: Io): Promise<ClusterProfile | undefined | 2> {
  const err = (m: string): 2 => {
    io.err(`kvlab validate: ${escapeControl(m)}\n`);
    return 2;
  };
  if (a.profile !== undefined) {
    let raw: unknown;
    try {
      const r = await io.readFile(a.profile);
      if (typeof r !== 'string' && r.tooLarge) return err(`--profile ${a.profile}: too large for a cluster profile`);
      raw = parseYaml(typeof r === 'string' ? r : r.text);
    } catch (e) {
      return err(`--profile ${a.profile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const { profile, problems } = profileFromParams({ kvlab: { profile: raw } });
    if (problems.length) return err(`--profile ${a.profile}: ${problems.map((p) => p.replace('params.kvlab.profile', 'the profile')).join('; ')}`);
    return profile;
  }
  if (a.content === undefined) return undefined;
  let training;
  try {
    training = loadTraining(a.content, a.variant ? { variant: a.variant } : {});
  } catch (e) {
    return err(`--content ${a.content}: ${(e as Error).message}`);
  }
  // a mistyped profile is lint's error; here the files are still judged, on what of it is right
  for (const p of profileFromParams(training.params).problems) io.err(`kvlab validate: warning: ${a.content} site params: ${escapeControl(p)} (kvlab lint reports it)\n`);
  return trainingProfile(training);
}

export async function run(argv: string[]): Promise<number> {
  return runWith(argv, nodeIo);
}
