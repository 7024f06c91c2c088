// Validation speed per document: kvlab's validators against yaml-language-server 2.0's
// doValidation (what monaco-yaml runs) with the same schema (the generated definitions, every
// object closed): the probes VM with KubeVirt's, a DataVolume with CDI's (from the
// cdi.kubevirt.io module), in one run, medians after warm-up. Every
// yaml-language-server call gets its own document URI so its per-URI cache never answers.
// Like for like: "schema stage" = parse + the compiled schema validator (positions only when
// something is found), against yaml-language-server; the whole pipeline (yaml → schema →
// admission → start → cloud-init) is printed beside it.
import '../../validators/load-all.ts'; // every validator loaded before the first validateText
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsyaml from 'js-yaml';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { validateText, validateTextSlow } from '../../validators/index.ts';
import { schemaStage } from '../../validators/schema.ts';
import { definitions } from '../../validators/generated/kubevirt-schema.ts';
import { definitions as cdiDefinitions } from '../../validators/generated/validators-cdi.kubevirt.io.js';
import { kinds } from '../../validators/generated/kinds.ts';

const fixtures = join(import.meta.dirname, '..', 'unit', 'validators', 'fixtures', 'probes');
// The probes lab's readiness VM as the lab writes it (`running: false` draws the deprecation
// warning, so its positions are computed), and the same VM with runStrategy (nothing found).
const labVm = readFileSync(join(fixtures, 'task2-vm.yaml'), 'utf8');
const cleanVm = labVm.replace('running: false', 'runStrategy: Halted');
const stream = Array.from({ length: 50 }, (_, i) => cleanVm.replace(/lab08-probe/g, `lab08-probe-${i}`).replace('port: 8081\n      readinessProbe', `port: ${8000 + i}\n      readinessProbe`)).join('---\n');

const schema = { $schema: 'http://json-schema.org/draft-07/schema#', definitions, $ref: '#/definitions/v1.VirtualMachine' };
const ls = getLanguageService({
  schemaRequestService: async () => JSON.stringify(schema),
  workspaceContext: { resolveRelativePath: (p: string) => p },
});
ls.configure({ validate: true, hover: false, completion: false, isKubernetes: true, schemas: [{ uri: 'kvlab://vm.schema.json', fileMatch: ['*.yaml'], schema }] });

const dvSchema = { $schema: 'http://json-schema.org/draft-07/schema#', definitions: cdiDefinitions, $ref: `#/definitions/${kinds.DataVolume!.def}` };
const lsDv = getLanguageService({
  schemaRequestService: async () => JSON.stringify(dvSchema),
  workspaceContext: { resolveRelativePath: (p: string) => p },
});
lsDv.configure({ validate: true, hover: false, completion: false, isKubernetes: true, schemas: [{ uri: 'kvlab://dv.schema.json', fileMatch: ['*.yaml'], schema: dvSchema }] });

let uriN = 0;
async function lsp(text: string): Promise<number> {
  const doc = TextDocument.create(`file:///bench/${uriN++}.yaml`, 'yaml', 1, text);
  return (await (text.includes('kind: DataVolume') ? lsDv : ls).doValidation(doc, true)).length;
}
function schemaOnly(text: string): number {
  let n = 0;
  for (const d of jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA })) n += schemaStage(d as Record<string, unknown>, String((d as { kind?: unknown }).kind)).length;
  return n;
}
function pipeline(text: string): number {
  return validateText(text).reduce((n, d) => n + d.findings.length, 0);
}
/** The fallback: the same pipeline with every position from a full `yaml` parse. */
function fullParse(text: string): number {
  return validateTextSlow(text).reduce((n, d) => n + d.findings.length, 0);
}

async function median(fn: () => unknown, iters: number, warm: number): Promise<number> {
  for (let i = 0; i < warm; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < iters; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1]!;
}

// Sanity: all three agree the clean VM has no schema problem, and find the same unknown field.
const typo = cleanVm.replace('httpGet:', 'httpGett:');
console.log(`check: yaml-language-server findings on clean VM ${await lsp(cleanVm)}, on a typo ${await lsp(typo)}; kvlab schema ${schemaOnly(cleanVm)} / ${schemaOnly(typo)}; pipeline ${pipeline(cleanVm)} / ${pipeline(typo)}`);

// The storage labs' DataVolume (a registry import into a 10Gi volume), and the same with a typo.
const dataVolume = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: lab06-fedora
spec:
  source:
    registry:
      url: docker://quay.io/containerdisks/fedora:40
  storage:
    accessModes:
      - ReadWriteOnce
    resources:
      requests:
        storage: 10Gi
`;
const dvTypo = dataVolume.replace('registry:', 'registy:');
console.log(`check: yaml-language-server findings on the DataVolume ${await lsp(dataVolume)}, on its typo ${await lsp(dvTypo)}; kvlab schema ${schemaOnly(dataVolume)} / ${schemaOnly(dvTypo)}; pipeline ${pipeline(dataVolume)} / ${pipeline(dvTypo)}`);

const cases = [['probes-lab VM (lab text, 1 warning)', labVm, 400], ['probes-lab VM, runStrategy (clean)', cleanVm, 400], ['VM with a typo (schema error)', typo, 400], ['DataVolume (clean)', dataVolume, 400], ['DataVolume with a typo (schema error)', dvTypo, 400], ['50-document stream', stream, 40]] as const;
// Warm-up over every text before any row is measured: each contender's code is compiled by the
// JIT for all of them (as in an editor session), so the first row does not pay for compiling
// what the later rows get for free (it did: about 1,000 calls pass before V8 has optimized the
// pipeline, so 50 warm-up calls left the first row measuring compilation).
for (let round = 0; round < 4; round++) {
  for (const [, text, iters] of cases) {
    for (let i = 0; i < iters / 4; i++) {
      await lsp(text);
      schemaOnly(text);
      pipeline(text);
      fullParse(text);
    }
  }
}

const rows: [string, number, number, number, number][] = [];
for (const [name, text, iters] of cases) {
  const yls = await median(() => lsp(text), iters, 50);
  const sch = await median(() => schemaOnly(text), iters, 50);
  const all = await median(() => pipeline(text), iters, 50);
  const slow = await median(() => fullParse(text), iters, 50);
  rows.push([name, yls, sch, all, slow]);
}
const docs = (name: string) => (name.startsWith('50') ? 50 : 1);
console.log('\nper document, median ms | yaml-language-server | kvlab schema stage: parse + ajv, no positions (ratio) | kvlab whole pipeline, positioned (ratio) | same with full-parse positions (ratio)');
for (const [name, yls, sch, all, slow] of rows) {
  const n = docs(name);
  const f = (x: number) => `${(x / n).toFixed(3).padStart(7)} (${(yls / x).toFixed(1)}x)`;
  console.log(`${name.padEnd(38)} | ${(yls / n).toFixed(3).padStart(7)} | ${f(sch)} | ${f(all)} | ${f(slow)}`);
}
