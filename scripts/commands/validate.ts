// `kvlab validate FILE… [--format text|json] [--strict]`: the validators on files (or `-` for
// stdin). Exit 0 when every document is valid, 1 when one is not, 2 on bad arguments or an
// unreadable file. A #cloud-config file given beside a VM is that VM's Secret user data
// (as `kubectl create secret generic … --from-file=userdata=FILE` makes it). A KubeVirt CR given
// beside them is the cluster's configuration where it changes admission (validators/cluster-config.ts).
import '../../validators/load-all.ts'; // every validator loaded before the first validateText
import { parseAllDocuments } from 'yaml';
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
  FILE       a YAML file (a stream of documents), or - for stdin; a file that starts with
             #cloud-config is cloud-init user data, and is used as the user data of the
             VMs given beside it (their cloudInitNoCloud.secretRef); a KubeVirt CR
             (kubectl get kubevirt -n kubevirt kubevirt -o yaml) sets the cluster's
             configuration for the others (permitBridgeInterfaceOnPodNetwork, vmRolloutStrategy;
             KubeVirt's defaults otherwise); the files given together are one lab folder
             for the cross-object checks (a VM's DataVolume, a Service's selector …)
  --format   text (default, like kubeconform) or json
  --strict   warnings make a document invalid too
Exit: 0 all valid, 1 something invalid, 2 bad arguments or unreadable input.`;

export interface Args {
  files: string[];
  format: Format;
  strict: boolean;
  help: boolean;
}

/** Pure: argv → Args, or the one error to print (then exit 2). */
export function parseValidateArgs(argv: string[]): ArgsResult<Args> {
  return parseCommandArgs(
    argv,
    { format: { type: 'string', short: 'o', default: 'text' }, strict: { type: 'boolean' } },
    (v, files) => {
      if (!v.help && files.length === 0) fail('no FILE given (use - for stdin)');
      return { files, format: oneOf('--format', v.format, FORMATS), strict: v.strict, help: v.help };
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
      : validateText(i.text, { file: i.file, strict: a.strict, userData: userData.length ? userData : undefined, ...(cluster ? { cluster } : {}), ...(related.length ? { related } : {}) });
    const r: FileResult = { file: i.file, documents: docs };
    if (docs.some((d) => !d.valid)) invalid = true;
    output.write(r);
  }
  io.out(output.flush());
  return invalid ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  return runWith(argv, nodeIo);
}
