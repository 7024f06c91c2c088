// The quick block-YAML reader (validators/block-yaml.ts) against js-yaml with kubectl's schema,
// the reader it stands in for: over every manifest the project holds (YAML files and the yaml
// blocks of the Markdown pages in content/ and tests/fixtures/, the validators' fixtures, and
// KVLAB_REAL_TRAINING when set), over line-level mutations of each (a line removed, duplicated,
// indented or outdented by one space), and over hand-written edge cases. Wherever the quick
// reader answers, the answer must equal js-yaml's, and it must never answer where js-yaml throws.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readBlockYaml, readBlockYamlLines, WORDS } from '../../../validators/block-yaml.ts';
import { QuickLocator } from '../../../validators/quick-locate.ts';
import { LineCounter, type PathSeg } from '../../../validators/spans.ts';
import { KUBECTL_JS_YAML } from '../../../validators/kubectl-yaml.ts';

const root = join(import.meta.dirname, '..', '..', '..');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    if (f === 'node_modules' || f === '.git') return [];
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** YAML texts: whole .yaml files and the ```yaml blocks of Markdown pages. */
function corpus(dirs: string[]): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of dirs.flatMap(walk)) {
    if (/\.ya?ml$/.test(f)) out.push({ name: f, text: readFileSync(f, 'utf8') });
    else if (/\.md$/.test(f)) {
      const md = readFileSync(f, 'utf8');
      let n = 0;
      for (const m of md.matchAll(/^([ \t]*)```ya?ml[^\n]*\n([\s\S]*?)^\1```/gm)) {
        const indent = m[1]!.length;
        out.push({ name: `${f} block ${++n}`, text: m[2]!.split('\n').map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n') });
      }
    }
  }
  return out;
}

type Verdict = { docs: unknown[] } | { error: true };
function jsYaml(text: string): Verdict {
  try {
    return { docs: jsyaml.loadAll(text, undefined, { schema: KUBECTL_JS_YAML }) };
  } catch {
    return { error: true };
  }
}

/** undefined when they agree (or the quick reader passed), else what differs. */
function disagreement(text: string): string | undefined {
  const quick = readBlockYaml(text);
  if (quick === undefined) return undefined;
  const ref = jsYaml(text);
  if ('error' in ref) return 'quick reader answered where js-yaml refuses the text';
  try {
    expect(quick).toStrictEqual(ref.docs);
  } catch (e) {
    return String((e as Error).message).slice(0, 600);
  }
  return undefined;
}

function mutations(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((l, i) => {
    const at = (x: string[]) => [...lines.slice(0, i), ...x, ...lines.slice(i + 1)].join('\n');
    out.push(at([]), at([l, l]), at([` ${l}`]));
    if (l.startsWith(' ')) out.push(at([l.slice(1)]));
  });
  return out;
}

const dirs = [join(root, 'content'), join(root, 'tests', 'fixtures'), join(root, 'tests', 'unit', 'validators', 'fixtures')];
if (process.env.KVLAB_REAL_TRAINING) dirs.push(process.env.KVLAB_REAL_TRAINING);
const texts = corpus(dirs);

describe('readBlockYaml reads as js-yaml with kubectl schema does', () => {
  it('every manifest of the project (and most of them without falling back)', () => {
    let answered = 0;
    let readable = 0;
    const bad: string[] = [];
    for (const { name, text } of texts) {
      const d = disagreement(text);
      if (d) bad.push(`${name}: ${d}`);
      if (readBlockYaml(text) !== undefined) answered++;
      if (!('error' in jsYaml(text))) readable++;
    }
    expect(bad).toEqual([]);
    expect(texts.length).toBeGreaterThan(50);
    // The quick reader must be the usual path, not a rare one (it leaves flow collections and escapes to js-yaml).
    expect(answered / readable).toBeGreaterThan(0.6);
  });

  it('every one-line mutation of those manifests', () => {
    const bad: string[] = [];
    let n = 0;
    for (const { name, text } of texts.filter((t) => t.text.length < 4000)) {
      for (const m of mutations(text)) {
        n++;
        const d = disagreement(m);
        if (d) bad.push(`${name}: ${JSON.stringify(m)}\n${d}`);
        if (bad.length > 5) break;
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(n).toBeGreaterThan(1000);
  });

  const cases: [string, string][] = [
    ['typed scalars', 'a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: true\nh: ~\ni: null\nj: 0x1F\nk: 0o17\nl: 017\nm: 1e3\nn: .inf\no: -.5\np: +12\nq: 1_000\nr: 0b101\ns: <<\nt: 12:30\nu: .nan\nv: nope\nw: 1.\n'],
    ['typed keys', 'yes: 1\n1: 2\n~: 3\n0x10: 4\n1.50: 5\noff: 6\n'],
    ['quoted scalars', `a: "x: y # z"\nb: 'it''s'\nc: ""\nd: ''\ne: "yes"  # c\n`],
    ['comment after a quote without a space', `f: 'a'#b\n`],
    ['comments and blank lines', '# head\n\na: 1 # one\n  # deeper comment\nb:   # empty\n\n  c: 2\n#\nd: x#y\n'],
    ['sequences', 'a:\n- 1\n- b: 2\n  c: 3\n-\n  d: 4\n- - 5\n  - 6\n-\ne:\n  - x\n  -   y: 1\n      z: 2\n'],
    ['literal block scalars', 'a: |\n  one\n   two\n\n  three\nb: |-\n  x\n\nc: |+\n  y\n\n\nd: |2\n    indented\ne: |\n\n   lead\ng: |\nh: 1\n'],
    ['a longer blank line before a block scalar', 'f: |\n    \n  spaces\n'],
    ['folded block scalars', 'a: >\n  one\n  two\n\n  three\n    more\n  back\nb: >-\n  x\n  y\nc: >+\n  z\n\n'],
    ['block scalar at the end', 'a: |\n  last'],
    ['block scalar in a sequence', '- |\n  a\n  b\n- x: |\n    c\n  y: 1\n'],
    ['documents', '---\na: 1\n---\nb: 2\n'],
    ['documents with a trailing marker', 'a: 1\n---\n'],
    ['empty document between', 'a: 1\n---\n---\nb: 2\n'],
    ['comments only', '# nothing\n'],
    ['empty text', ''],
    ['document end marker', 'a: 1\n...\n'],
    ['flow', 'a: {b: 1}\nc: [1, 2]\nd: { }\n'],
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['merge', 'a: &x {b: 1}\nc:\n  <<: *x\n'],
    ['duplicate key', 'a: 1\na: 2\n'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['deeper after a scalar', 'a: 1\n  b: 2\n'],
    ['multi-line plain', 'a: one\n  two\nb: 2\n'],
    ['multi-line quoted', 'a: "one\n  two"\n'],
    ['unclosed quote', 'a: "one\nb: 2\n'],
    ['colon in a value', 'a: b: c\n'],
    ['url value', 'a: http://x:80/y\nb: c:d\n'],
    ['key with spaces', 'a b: 1\nc  : 2\n'],
    ['indented top level', '  a: 1\n  b: 2\n'],
    ['top-level sequence', '- a\n- b: 1\n'],
    ['scalar document', 'just text\n'],
    ['tab', 'a:\t1\n'],
    ['CRLF', 'a: 1\r\nb: 2\r\n'],
    ['proto key', '__proto__: 1\n'],
    ['sequence at a mapping column after a scalar', 'a: 1\n- b\n'],
    ['escape in double quotes', 'a: "x\\ty"\n'],
    ['dash value', 'a: -1\nb: -x\nc: - y\n'],
    ['question mark', 'a: ?x\nb: ? y\n'],
    ['directive', '%YAML 1.2\n---\na: 1\n'],
    ['non-ASCII', 'a: grüße — ok\n'],
  ];
  it.each(cases)('%s', (_, text) => {
    expect(disagreement(text)).toBeUndefined();
  });

  it('keys it has read before (its key cache): the same texts, keys of one hash, keys js-yaml retypes', () => {
    // "Aa" and "BB" (and their doublings) have the same hash, so they share a cache slot.
    const texts = ['Aa: 1\nBB: 2\n', 'BB: 1\nAa: 2\n', 'AaBB: x\nBBAa: y\nAaAa: z\nBBBB: w\n', 'Aa:\n  Aa: 1\n  BB:\n    - Aa: 2\n      BB: 3\n',
      'yes: 1\n', 'true: 1\n', 'null: 1\n~: 2\n', 'no: a\nn: b\n', '1: a\n01: b\n', 'Aa : 1\n', 'Aa: 1\nAa : 2\n', 'Aa: 1\nAa: 2\n', `${'k'.repeat(64)}: 1\n${'k'.repeat(65)}: 2\n`,
      'Aa:1: x\nAa: y\n', 'kubevirt.io/domain: a\nkubevirt.io/domain2: b\n'];
    for (let round = 0; round < 3; round++) for (const t of texts) expect(disagreement(t), t).toBeUndefined();
    expect(readBlockYaml('Aa: 1\nBB: 2\n')).toStrictEqual([{ Aa: 1, BB: 2 }]);
    expect(readBlockYaml('null: 1\n')).toStrictEqual([{ null: 1 }]);
    expect(readBlockYaml('yes: 1\n')).toStrictEqual([{ true: 1 }]);
    expect(readBlockYaml('Aa: 1\nAa: 2\n')).toBeUndefined(); // a duplicate: js-yaml judges it
  });

  it('answers the plain cases itself (they are the fast path)', () => {
    for (const name of ['typed scalars', 'typed keys', 'quoted scalars', 'comments and blank lines', 'sequences', 'literal block scalars', 'folded block scalars', 'block scalar in a sequence', 'documents', 'url value', 'key with spaces', 'indented top level', 'top-level sequence', 'non-ASCII']) {
      expect(readBlockYaml(cases.find((c) => c[0] === name)![1]), name).toBeDefined();
    }
  });

  it('WORDS holds every word js-yaml may read as null or boolean', () => {
    // Every short word of letters that the schema resolves to a non-string is listed.
    const letters = 'nNtTfFyYoOlueasrUELASR';
    const found: string[] = [];
    const words = new Set<string>(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'no', 'No', 'NO', 'y', 'Y', 'n', 'N']);
    for (const a of letters) for (const b of ['', ...letters]) words.add(a + b);
    for (const w of words) {
      const v = jsyaml.load(`k: ${w}`, { schema: KUBECTL_JS_YAML }) as { k: unknown };
      if (typeof v.k !== 'string') found.push(w);
    }
    expect(found.filter((w) => !WORDS.has(w))).toEqual([]);
    expect([...WORDS].filter((w) => typeof (jsyaml.load(`k: ${w}`, { schema: KUBECTL_JS_YAML }) as { k: unknown }).k === 'string')).toEqual([]);
  });
});

/** Every key and index path of a parsed document (the root too). */
function paths(v: unknown, p: PathSeg[], out: PathSeg[][]): PathSeg[][] {
  out.push(p);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...p, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...p, k], out);
  return out;
}

/** undefined when the quick locator and line counter made from the reader's line table answer as
 *  the ones made from the text alone, for every path of every document; else what differs. */
function lineTableDisagreement(text: string): string | undefined {
  const read = readBlockYamlLines(text);
  if (!read) return undefined;
  if (JSON.stringify(new LineCounter(text, read.lines.starts).lineStarts) !== JSON.stringify(new LineCounter(text).lineStarts)) return 'line starts differ';
  const own = new QuickLocator(text);
  const table = new QuickLocator(text, read.lines);
  if (JSON.stringify(own.docStarts) !== JSON.stringify(table.docStarts)) return `document starts ${JSON.stringify(table.docStarts)} != ${JSON.stringify(own.docStarts)}`;
  for (let i = 0; i < read.docs.length; i++) {
    for (const p of paths(read.docs[i], [], [])) {
      for (const anchor of ['key', 'value'] as const) {
        for (const scalar of [false, true]) {
          const a = table.locate(i, p, anchor, scalar);
          const b = own.locate(i, p, anchor, scalar);
          if (JSON.stringify(a) !== JSON.stringify(b)) return `${JSON.stringify(p)} ${anchor}${scalar ? ' scalar' : ''}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
        }
      }
    }
  }
  return undefined;
}

describe("the quick locator on the reader's line table (no second scan of the text)", () => {
  it('places every path of every manifest, and of their one-line mutations, as it does from the text', () => {
    const bad: string[] = [];
    let n = 0;
    for (const { name, text } of texts) {
      for (const t of [text, ...(text.length < 4000 ? mutations(text) : [])]) {
        if (readBlockYamlLines(t)) n++;
        const d = lineTableDisagreement(t);
        if (d) bad.push(`${name}: ${JSON.stringify(t).slice(0, 300)}\n${d}`);
        if (bad.length > 5) break;
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(n).toBeGreaterThan(1000);
  });

  it.each([
    ['empty text', ''],
    ['a newline', '\n'],
    ['no final newline', 'a: 1\nb:\n  c: 2'],
    ['blank and comment lines', '# head\n\na: 1\n   \n  # deep\nb:\n  - c: 1\n    # in\n  - - d\n'],
    ['documents', '---\na: 1\n---\n# c\nb:\n- x\n'],
    ['a trailing marker', 'a: 1\n---\n'],
    ['a marker with trailing spaces', 'a: 1\n---   \nb: 2\n'],
    ['a comment after a dash', 'a:\n- # c\n  b: 1\n'],
    ['a non-ASCII first character', 'a:\n  \u00e9: 1\n  \u00a0x: 2\n'],
    ['a sequence at its key column', 'a:\n- b: 1\n  c:\n  - 2\nd: 3\n'],
  ])('%s', (_, text) => {
    expect(readBlockYamlLines(text)?.docs ?? 'js-yaml').toStrictEqual(readBlockYaml(text) ?? 'js-yaml');
    expect(lineTableDisagreement(text)).toBeUndefined();
  });
});
