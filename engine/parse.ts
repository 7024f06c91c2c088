// Reads Hugo shortcode syntax out of a page's source, as Hugo does before Markdown: `{{< … >}}`
// and `{{% … %}}`, closing `{{< /name >}}`, self-closing `{{< name />}}`, the comment escape
// `{{</* … */>}}` (printed literally without the comment markers), named and positional
// arguments ("quoted", `raw`, bare). Shortcodes inside fenced code blocks count too.
import type { Diagnostic } from './types.ts';

export interface ShortcodeArgs {
  positional: string[];
  named: Record<string, string>;
}

export interface ShortcodeToken {
  kind: 'shortcode';
  /** '<' for {{< >}}, '%' for {{% %}} (Markdown inner content). */
  delim: '<' | '%';
  name: string;
  args: ShortcodeArgs;
  closing: boolean;
  selfClosing: boolean;
  start: number;
  end: number;
  line: number;
  column: number;
  raw: string;
}

export interface TextToken {
  kind: 'text';
  text: string;
  start: number;
  line: number;
}

export type Token = ShortcodeToken | TextToken;

export class LineIndex {
  private starts: number[] = [0];
  constructor(
    text: string,
    private firstLine = 1,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line (in the original file) and column of an offset. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + this.firstLine, column: offset - this.starts[lo] + 1 };
  }
}

const ARG = /\s*(?:([A-Za-z_][\w-]*)\s*=\s*)?("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)/y;

export function parseArgs(text: string): { args: ShortcodeArgs; error?: string } {
  const args: ShortcodeArgs = { positional: [], named: {} };
  ARG.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (!/\S/.test(text.slice(pos))) break;
    ARG.lastIndex = pos;
    const m = ARG.exec(text);
    if (!m) {
      const rest = text.slice(pos).trim();
      return { args, error: rest.startsWith('"') ? `unclosed quote in shortcode arguments: ${rest}` : `cannot read shortcode arguments at "${rest}"` };
    }
    pos = ARG.lastIndex;
    let value = m[2];
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (value.startsWith('`')) value = value.slice(1, -1);
    if (m[1]) args.named[m[1]] = value;
    else args.positional.push(value);
  }
  if (args.positional.length && Object.keys(args.named).length) {
    return { args, error: 'shortcode arguments mix named and positional forms; Hugo accepts one or the other' };
  }
  return { args };
}

/** Splits the source into text and shortcode tokens; problems become diagnostics. */
export function tokenize(source: string, file: string, lines: LineIndex, diagnostics: Diagnostic[]): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let textStart = 0;
  const pushText = (end: number, text?: string) => {
    const t = text ?? source.slice(textStart, end);
    if (t) tokens.push({ kind: 'text', text: t, start: textStart, line: lines.at(textStart).line });
  };
  const error = (offset: number, message: string) => {
    const { line, column } = lines.at(offset);
    diagnostics.push({ file, line, column, severity: 'error', message });
  };
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    if (open < 0) break;
    const d = source[open + 2];
    if (d !== '<' && d !== '%') {
      pos = open + 2;
      continue;
    }
    const delim = d as '<' | '%';
    const closer = (delim === '<' ? '>' : '%') + '}}';
    // Escape: {{</* … */>}} prints {{< … >}}.
    if (source.startsWith('/*', open + 3)) {
      const end = source.indexOf('*/' + closer, open + 5);
      if (end < 0) {
        error(open, `unclosed shortcode escape: expected "*/${closer}" after "{{${delim}/*"`);
        pos = open + 5;
        continue;
      }
      pushText(open);
      const inner = source.slice(open + 5, end);
      tokens.push({ kind: 'text', text: `{{${delim}${inner}${closer}`, start: open, line: lines.at(open).line });
      pos = end + 2 + closer.length;
      textStart = pos;
      continue;
    }
    // Find the end delimiter outside quotes.
    let i = open + 3;
    let quote = '';
    let end = -1;
    while (i < source.length) {
      const c = source[i];
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
        else if (c === '\n' && quote === '"') break;
      } else if (c === '"' || c === '`') quote = c;
      else if (source.startsWith(closer, i)) {
        end = i;
        break;
      } else if (source.startsWith('{{', i) || (c === '\n' && source.startsWith('\n\n', i))) break;
      else if ((c === '>' || c === '%') && source.startsWith('}}', i + 1)) {
        error(open, `shortcode opened with "{{${delim}" but closed with "${c}}}"; expected "${closer}" (or open it with "{{${c === '>' ? '<' : '%'}")`);
        end = -2;
        pos = i + 3;
        break;
      }
      i++;
    }
    if (end === -2) continue;
    if (end < 0) {
      error(open, `unterminated shortcode: expected "${closer}" to close "{{${delim}"`);
      pos = open + 3;
      continue;
    }
    pushText(open);
    let body = source.slice(open + 3, end).trim();
    let closing = false;
    let selfClosing = false;
    if (body.startsWith('/')) {
      closing = true;
      body = body.slice(1).trim();
    }
    if (body.endsWith('/')) {
      selfClosing = true;
      body = body.slice(0, -1).trim();
    }
    const nameMatch = /^[A-Za-z_][\w/.-]*/.exec(body);
    const { line, column } = lines.at(open);
    const raw = source.slice(open, end + closer.length);
    pos = end + closer.length;
    textStart = pos;
    if (!nameMatch) {
      error(open, `shortcode without a name: ${raw}; expected {{${delim} name arguments ${closer}`);
      tokens.push({ kind: 'text', text: raw, start: open, line });
      continue;
    }
    const name = nameMatch[0];
    const parsed = parseArgs(body.slice(name.length));
    if (parsed.error) error(open, `${parsed.error} in ${raw}`);
    if (closing && (parsed.args.positional.length || Object.keys(parsed.args.named).length)) {
      error(open, `closing shortcode ${raw} takes no arguments; expected {{${delim} /${name} ${closer}`);
    }
    tokens.push({ kind: 'shortcode', delim, name, args: parsed.args, closing, selfClosing, start: open, end: pos, line, column, raw });
  }
  pushText(source.length, source.slice(textStart));
  return tokens;
}
