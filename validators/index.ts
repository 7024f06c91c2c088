// validateText: the cluster's verdict on a YAML text, stage by stage (yaml → schema → admission →
// start → cloud-init), as plain data. Fast path: the quick block-YAML reader, else js-yaml (no
// positions), and compiled ajv; a finding is placed by the quick locator (indentation) when the
// text is plain block YAML. Only a text the quick path cannot read or place is re-parsed with
// `yaml` by the positioned reader (slow-path.ts, loaded on demand)
// (../shared/docs/validator-performance.md: parsing dominates, positions are the costly part).
import jsyaml from 'js-yaml';
import { KUBECTL_JS_YAML } from './kubectl-yaml.ts';
import { isCloudConfig } from './cloudinit.ts';
import { clusterPath, LineCounter, spanOf } from './spans.ts';
import { positionedReader } from './positioned-reader.ts';
import { QuickLocator, type LineTable } from './quick-locate.ts';
import { readBlockYamlLines } from './block-yaml.ts';
import { cloudConfigFindings, MAX_BYTES, MAX_NODES, result, runStages, simple, sortFindings, tooLarge, type StreamCtx, type ValidateOptions } from './stages.ts';
import type { DocumentResult, Finding } from './types.ts';

export type { DocumentResult, Finding, FileResult, Stage, Severity } from './types.ts';
export { DEFAULT_CLUSTER_CONFIG, type ClusterConfig, type VMRolloutStrategy } from './cluster-config.ts';
export { DEFAULT_PROFILE, profileFromParams, type ClusterProfile } from './profile.ts';
export { MAX_BYTES, MAX_NODES, userDataOfSecret, type ValidateOptions } from './stages.ts';

/** The positioned reader (slow-path.ts); throws ValidatorNotLoaded until it has loaded. */
const slowPath = (text: string, opts: ValidateOptions): DocumentResult[] => positionedReader().slowPath(text, opts);

function validateCloudConfigText(text: string, strict?: boolean): DocumentResult[] {
  const { findings } = cloudConfigFindings(text);
  const fs: Finding[] = findings.map((f) => ({ stage: 'cloud-init', severity: f.severity, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, path: f.path, message: f.message, ...(f.hint ? { hint: f.hint } : {}) }));
  return [{ index: 0, kind: '#cloud-config', valid: !fs.some((f) => f.severity === 'error' || (strict && f.severity === 'warning')), findings: sortFindings(fs) }];
}

/** The result for a text over MAX_BYTES (`what`: "the text is 50.0 MB", "the file is larger than 3 MiB"). */
export function tooLargeResult(what: string): DocumentResult[] {
  return [{ index: 0, valid: false, findings: [simple(`${what}; the API server accepts at most 3 MiB per request, so it was not parsed`, 'Validate the manifests one file at a time; a VM manifest is a few KB.')] }];
}

export function validateText(text: string, opts: ValidateOptions = {}): DocumentResult[] {
  if (text.length > MAX_BYTES) return tooLargeResult(`the text is ${(text.length / 1024 / 1024).toFixed(1)} MB`);
  if (isCloudConfig(text)) return validateCloudConfigText(text, opts.strict);
  // Plain block YAML is read by the quick reader; anything else by js-yaml (which it equals).
  const read = readBlockYamlLines(text);
  let docs = read?.docs;
  const lines: LineTable | undefined = read?.lines;
  // Without aliases a document has at most one node per character (plus its root), so a text
  // shorter than the node budget cannot exceed it: only js-yaml's documents need counting.
  const counted = docs !== undefined && text.length < MAX_NODES;
  if (!docs) {
    try {
      const all: unknown[] = [];
      jsyaml.loadAll(text, (d) => all.push(d), { schema: KUBECTL_JS_YAML, json: false });
      docs = all;
    } catch {
      return slowPath(text, opts);
    }
  }
  const ctx: StreamCtx = { docs, opts };
  const out: DocumentResult[] = [];
  let quick: QuickLocator | undefined;
  for (let i = 0; i < docs.length; i++) {
    const obj = docs[i];
    if (obj === null || obj === undefined) { if (docs.length === 1) out.push(result(i, obj, [], opts.strict)); continue; }
    if (!counted && tooLarge(obj)) return slowPath(text, opts);
    const raw = runStages(obj, ctx);
    if (raw.length) {
      // Positions by indentation when the text is plain block YAML; otherwise parse for them.
      if (raw.some((r) => r.inner)) return slowPath(text, opts);
      quick ??= new QuickLocator(text, lines);
      if (quick.docStarts.length !== docs.length) return slowPath(text, opts);
      const lc = (quick.lc ??= new LineCounter(text, lines?.starts));
      const fs: Finding[] = [];
      for (const r of raw) {
        let v: unknown = obj;
        for (const seg of r.path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
        const at = quick.locate(i, r.path, r.anchor, v !== null && v !== undefined && typeof v !== 'object');
        if (!at) return slowPath(text, opts);
        const a = spanOf(lc, at[0], at[1]);
        fs.push({ stage: r.stage, severity: r.severity, line: a.line, column: a.column, endLine: a.endLine, endColumn: a.endColumn, path: r.shownPath ?? clusterPath(r.path), message: r.message, ...(r.hint ? { hint: r.hint } : {}) });
      }
      out.push(result(i, obj, sortFindings(fs), opts.strict));
      continue;
    }
    out.push(result(i, obj, [], opts.strict));
  }
  return out;
}

/** The slow path alone (every position from a full `yaml` parse); for tests and benchmarks. */
export function validateTextSlow(text: string, opts: ValidateOptions = {}): DocumentResult[] {
  if (text.length > MAX_BYTES || isCloudConfig(text)) return validateText(text, opts);
  return slowPath(text, opts);
}

