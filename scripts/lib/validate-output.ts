// Output formats of `kvlab validate`: one writer interface, a factory that refuses unknown
// names (kubeconform's pkg/output habit). Writers build strings; the command prints them.
import type { FileResult, Finding } from '../../validators/types.ts';
import { escapeControl as e } from './terminal-text.ts';

export interface Output {
  write(r: FileResult): void;
  /** Everything written so far, as the text to print. */
  flush(): string;
}

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

function describe(r: FileResult, i: number): string {
  const d = r.documents[i]!;
  return d.kind ? `${e(d.kind)}${d.name ? ` ${e(d.name)}` : ''}` : `document ${d.index + 1}`;
}

function line(file: string, f: Finding): string {
  const sev = f.severity;
  const where = f.path ? ` (${e(f.path)})` : '';
  return `${e(file)}:${f.line}:${f.column}: ${sev} [${f.stage}]${where}: ${e(f.message)}${f.hint ? `\n    hint: ${e(f.hint)}` : ''}`;
}

/** kubeconform-like: one line per finding, then a summary; control characters of the input escaped. */
export class TextOutput implements Output {
  private lines: string[] = [];
  private counts = { valid: 0, invalid: 0, errors: 0, warnings: 0 };
  write(r: FileResult): void {
    r.documents.forEach((d, i) => {
      if (d.valid) this.counts.valid++;
      else this.counts.invalid++;
      for (const f of d.findings) {
        if (f.severity === 'error') this.counts.errors++;
        else if (f.severity === 'warning') this.counts.warnings++;
        this.lines.push(line(r.file, f));
      }
      this.lines.push(`${e(r.file)} - ${describe(r, i)} is ${d.valid ? 'valid' : 'invalid'}`);
    });
  }
  flush(): string {
    const c = this.counts;
    this.lines.push(`Summary: ${c.valid + c.invalid} resource${c.valid + c.invalid === 1 ? '' : 's'} found - Valid: ${c.valid}, Invalid: ${c.invalid}, Errors: ${c.errors}, Warnings: ${c.warnings}`);
    return this.lines.join('\n') + '\n';
  }
}

export class JsonOutput implements Output {
  private results: FileResult[] = [];
  write(r: FileResult): void {
    this.results.push(r);
  }
  flush(): string {
    const out = this.results.map((r) => ({
      file: r.file,
      documents: r.documents.map((d) => ({ apiVersion: d.apiVersion, kind: d.kind, name: d.name, valid: d.valid, findings: d.findings })),
    }));
    return JSON.stringify(out, null, 2) + '\n';
  }
}

export function makeOutput(format: string): Output {
  if (format === 'text') return new TextOutput();
  if (format === 'json') return new JsonOutput();
  throw new Error(`unknown format "${format}"; use one of: ${FORMATS.join(', ')}`);
}
