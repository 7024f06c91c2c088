// `kubectl explain TYPE[.FIELD…]` from the generated schema docs (validators/generated), laid out
// as kubectl v1.32's plaintext template prints it. The docs are ~280 KB, so they load only when
// explain first runs (a job that ends by itself, as apply awaiting the page's worker).
import type { CommandContext, Job, Result } from '../types.ts';
import type { DocDef, DocProp } from '../../validators/generated/kubevirt-docs.ts';
import { kinds } from '../../validators/generated/kinds.ts';
import type { Flags } from './flags.ts';
import { notSimulated } from './not-simulated.ts';
import { resourceOf } from './resources.ts';

/** Words wrapped to kubectl's 80 columns at an indent. */
function wrap(text: string, indent: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const w of para.split(/\s+/).filter(Boolean)) {
      if (line && indent + line.length + 1 + w.length > 80) {
        out.push(' '.repeat(indent) + line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    out.push(' '.repeat(indent) + line);
  }
  return out;
}

const shortName = (ref: string) => ref.slice(ref.lastIndexOf('.') + 1);

function typeOf(p: DocProp): string {
  if (p.t === 'array') return `[]${p.r ? shortName(p.r) : 'string'}`;
  if (p.r) return shortName(p.r);
  if (p.t === 'object') return 'map[string]string';
  return p.t ?? 'Object';
}

export function renderExplain(docs: Record<string, DocDef>, path: string[], recursive = false): string | { error: string } {
  const res = resourceOf(path[0] ?? '');
  const k = res ? kinds[res.kind] : undefined;
  if (!res || !k) return { error: res ? notSimulated(`kubectl explain ${path[0]} (its schema is not in the sandbox)`) : `error: the server doesn't have a resource type "${path[0]}"` };
  let def: DocDef | undefined = docs[k.def];
  if (!def) return { error: notSimulated(`kubectl explain ${path[0]} (its field documentation is not in the sandbox)`) };
  let field: { name: string; prop: DocProp; required: boolean } | undefined;
  for (const name of path.slice(1)) {
    const prop: DocProp | undefined = def?.p[name];
    if (!prop) return { error: `error: field "${name}" does not exist` };
    field = { name, prop, required: !!def?.q?.includes(name) };
    def = prop.r ? docs[prop.r] : undefined;
  }
  const [group, version] = k.apiVersion.includes('/') ? k.apiVersion.split('/') : ['', k.apiVersion];
  const lines = [...(group ? [`GROUP:      ${group}`] : []), `KIND:       ${res.kind}`, `VERSION:    ${version}`, ''];
  if (field) lines.push(`FIELD: ${field.name} <${typeOf(field.prop)}>${field.required ? ' -required-' : ''}`, '');
  const desc = field ? (field.prop.d ?? def?.d) : def?.d;
  lines.push('DESCRIPTION:', ...wrap(desc ?? '<empty>', 4));
  if (field?.prop.e) lines.push('    ', '    Possible enum values:', ...field.prop.e.map((v) => `     - \`"${v}"\``));
  lines.push('    ');
  if (def && Object.keys(def.p).length) {
    lines.push('FIELDS:');
    for (const [name, prop] of Object.entries(def.p)) {
      lines.push(`  ${name}\t<${typeOf(prop)}>${def.q?.includes(name) ? ' -required-' : ''}`);
      if (!recursive) lines.push(...wrap(prop.d ?? '<no description>', 4), '');
    }
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n\n`;
}

export function explain(ctx: CommandContext, flags: Flags): Result {
  const { io } = ctx;
  const arg = flags.positional[0];
  if (!arg) {
    io.out("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl explain -h' for help and examples\n");
    return 1;
  }
  const path = arg.split('.');
  // TYPE may carry its group (virtualmachines.kubevirt.io.spec is not valid kubectl either)
  let interrupted = false;
  const done = import('../../validators/generated/kubevirt-docs.ts').then(
    (m) => {
      if (interrupted) return 130;
      const r = renderExplain(m.docs, path, flags.recursive);
      io.out(typeof r === 'string' ? r : `${r.error}\n`);
      return typeof r === 'string' ? 0 : 1;
    },
    (e: unknown) => {
      io.out(`error: the schema docs did not load: ${(e as Error).message ?? e}\n`);
      return 1;
    },
  );
  const job: Job = { tick: () => undefined, input: () => undefined, interrupt: () => void (interrupted = true), done };
  return job;
}
