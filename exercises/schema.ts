// The schema of an exercise file, and the one function that turns its errors into friendly
// lines: "exercises/probes.yaml:12:7: tasks[1].requirements[0]: … ". Pure (ajv + yaml).
import Ajv, { type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Node as YamlNode } from 'yaml';
import type { ExerciseSpec } from './types.ts';
import type { Diagnostic } from '../engine/types.ts';
import { parseFieldPath, FieldPathError } from '../validators/field-path.ts';


const source = {
  oneOf: [
    { enum: ['previous', 'empty'] },
    {
      type: 'object',
      additionalProperties: false,
      required: ['block'],
      properties: {
        block: {
          type: 'object',
          additionalProperties: false,
          properties: {
            task: { type: 'string' },
            details: { anyOf: [{ type: 'string' }, { const: false }] },
            lang: { type: 'string' },
            contains: { type: 'string' },
          },
        },
      },
    },
    { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string' } } },
  ],
};

const eventMatch = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: { source: { type: 'string' }, type: { type: 'string' }, detail: { type: 'object' } },
};

const behaviour = {
  type: 'object',
  additionalProperties: false,
  required: ['until', 'expect'],
  properties: {
    until: { type: 'number', exclusiveMinimum: 0 },
    scenario: { type: 'array', items: { type: 'object', required: ['at', 'action'] } },
    expect: {
      type: 'array',
      minItems: 1,
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['first', 'between'],
            properties: {
              first: eventMatch,
              between: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['none'],
            properties: { none: eventMatch, after: { type: 'number' }, before: { type: 'number' } },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['count'],
            properties: {
              count: eventMatch,
              min: { type: 'integer', minimum: 0 },
              max: { type: 'integer', minimum: 0 },
              after: { type: 'number' },
              before: { type: 'number' },
            },
          },
        ],
      },
    },
  },
};

const fieldPath = { type: 'string', minLength: 1 };

const requirement = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'file'],
  properties: {
    text: { type: 'string', minLength: 1 },
    file: { type: 'string' },
    doc: {
      type: 'object',
      additionalProperties: false,
      properties: { kind: { type: 'string' }, name: { type: 'string' } },
    },
    equals: fieldPath,
    value: {},
    exists: fieldPath,
    absent: fieldPath,
    oneOf: fieldPath,
    keys: { type: 'array', items: { type: 'string' }, minItems: 2 },
    values: { type: 'array', minItems: 2 },
    validatesClean: { const: true },
    userData: { type: 'string' },
    behaviour,
    at: fieldPath,
    bullet: { type: 'string' },
  },
};

export const exerciseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['lab', 'files', 'tasks'],
  properties: {
    lab: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { slug: { type: 'string' }, labfoldernumber: { type: 'string' } },
    },
    files: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { type: 'string', minLength: 1 },
    },
    tasks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9-]*$' },
          title: { type: 'string' },
          changes: { const: 'none' },
          checkedBy: { enum: ['behaviour', 'none'] },
          note: { type: 'string' },
          graded: { type: 'boolean' },
          files: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['file'],
              properties: { file: { type: 'string' }, start: source, solution: source },
            },
          },
          requirements: { type: 'array', items: requirement },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(exerciseSchema);

const KIND_KEYS = ['equals', 'exists', 'absent', 'oneOf', 'validatesClean', 'behaviour'];

/** One readable sentence per ajv error, with the YAML path the author knows. */
function describe(err: ErrorObject, data: unknown): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties':
      return `unknown field "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing required field "${String(p.missingProperty)}"`;
    case 'type':
      return `must be ${String(p.type)}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `"${String(valueAt(data, err.instancePath))}" is not a valid ${err.instancePath.endsWith('/id') ? 'task id (letters, digits, -)' : 'field path (a.b[0].c or a.b[name=x])'}`;
    case 'minItems':
      return `must have at least ${String(p.limit)} item(s)`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} item(s)`;
    case 'minLength':
      return 'must not be empty';
    case 'minProperties':
      return `must have at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}`;
    default:
      return err.message ?? err.keyword;
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const seg of pointer.split('/').slice(1)) {
    if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
    else return undefined;
  }
  return cur;
}

/** tasks/1/requirements/0 → tasks[1].requirements[0] */
export function displayPath(pointer: string): string {
  let out = '';
  for (const seg of pointer.split('/').slice(1)) out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(top level)';
}

/** The node a JSON pointer names in the YAML document (the closest existing one). */
function nodeAt(doc: ReturnType<typeof parseDocument>, pointer: string, key = false): YamlNode | undefined {
  let node: YamlNode | undefined = doc.contents ?? undefined;
  let keyNode: YamlNode | undefined;
  for (const seg of pointer.split('/').slice(1)) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === seg);
      if (!pair) return node;
      keyNode = pair.key as YamlNode;
      node = (pair.value as YamlNode) ?? keyNode;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as YamlNode | undefined;
      if (!item) return node;
      node = item;
      keyNode = undefined;
    } else return node;
  }
  return key && keyNode ? keyNode : node;
}

export interface ParsedExercise {
  spec?: ExerciseSpec;
  diagnostics: Diagnostic[];
  /** Position of the node at a JSON pointer (for later diagnostics, e.g. of a requirement). */
  positionOf(pointer: string): { line: number; column: number };
}

/** Parse and validate an exercise file; every problem becomes a file:line:column diagnostic. */
export function parseExercise(text: string, file: string): ParsedExercise {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number) => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const positionOf = (pointer: string) => {
    const n = nodeAt(doc, pointer);
    return n?.range ? pos(n.range[0]) : { line: 1, column: 1 };
  };
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const p = pos(e.pos[0]);
    diagnostics.push({ file, ...p, severity: 'error', message: `YAML: ${e.message.split('\n')[0]}` });
  }
  if (diagnostics.length) return { diagnostics, positionOf };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // an unresolved alias or an alias bomb: point at the alias when it can be found
    const msg = e instanceof Error ? e.message : String(e);
    const name = /: (\S+)$/.exec(msg)?.[1];
    const at = name ? text.indexOf(`*${name}`) : -1;
    return { diagnostics: [{ file, ...pos(Math.max(0, at)), severity: 'error', message: `YAML: ${msg}` }], positionOf };
  }
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    // A failed oneOf also reports every branch's own error; say the oneOf once, plainly.
    const oneOfs = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
    for (const err of errors) {
      if (err.keyword === 'oneOf') {
        diagnostics.push({ file, ...positionOf(err.instancePath), severity: 'error', message: `${displayPath(err.instancePath)}: ${oneOfHint(err.instancePath)}` });
        continue;
      }
      if (oneOfs.some((o) => err.instancePath === o || err.instancePath.startsWith(`${o}/`))) continue;
      const pointer = err.keyword === 'additionalProperties' ? `${err.instancePath}/${String(err.params.additionalProperty)}` : err.instancePath;
      const n = nodeAt(doc, pointer, err.keyword === 'additionalProperties');
      diagnostics.push({ file, ...(n?.range ? pos(n.range[0]) : { line: 1, column: 1 }), severity: 'error', message: `${displayPath(pointer)}: ${describe(err, data)}` });
    }
  } else {
    // Exactly one kind per requirement: checked here for a message better than ajv's oneOf.
    const spec = data as ExerciseSpec;
    spec.tasks.forEach((t, ti) =>
      (t.requirements ?? []).forEach((r, ri) => {
        const ptr = `/tasks/${ti}/requirements/${ri}`;
        const kinds = KIND_KEYS.filter((k) => k in r);
        const at = { file, ...positionOf(ptr), severity: 'error' as const };
        if (kinds.length !== 1) {
          diagnostics.push({ ...at, message: `${displayPath(ptr)}: a requirement needs exactly one of ${KIND_KEYS.join(', ')}${kinds.length ? ` (found ${kinds.join(', ')})` : ''}` });
        } else if (kinds[0] === 'equals' && !('value' in r)) {
          diagnostics.push({ ...at, message: `${displayPath(ptr)}: an equals requirement needs "value"` });
        } else if (kinds[0] === 'oneOf' && !r.keys === !r.values) {
          diagnostics.push({ ...at, message: `${displayPath(ptr)}: a oneOf requirement needs either "keys" (one of these fields is set) or "values" (the field is one of these values)` });
        }
        for (const k of ['equals', 'exists', 'absent', 'oneOf', 'at'] as const) {
          const path = r[k];
          if (typeof path !== 'string') continue;
          try {
            parseFieldPath(path);
          } catch (e) {
            if (!(e instanceof FieldPathError)) throw e;
            diagnostics.push({ ...at, ...positionOf(`${ptr}/${k}`), message: `${displayPath(`${ptr}/${k}`)}: ${e.message}` });
          }
        }
      }),
    );
  }
  // The same line twice helps nobody.
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const k = `${d.line}:${d.column}:${d.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  if (unique.length) return { diagnostics: unique, positionOf };
  return { spec: data as ExerciseSpec, diagnostics, positionOf };
}

function oneOfHint(pointer: string): string {
  if (/\/(start|solution)$/.test(pointer)) return 'must be "previous", "empty", {block: {task, details, lang, contains}} or {text: "…"}';
  if (/\/expect\/\d+$/.test(pointer)) return 'must be {first: EVENT, between: [FROM, TO]}, {none: EVENT, after?, before?} or {count: EVENT, min?, max?, after?, before?}';
  if (/\/details$/.test(pointer)) return 'must be a details title or false';
  return 'does not match any allowed form';
}
