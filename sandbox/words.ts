// The sandbox shell's command-line syntax: words with quotes, backslashes and $VAR / ${VAR}
// expansion as sh does it, and the operators the lab needs: `;`, `&&`, `||`, pipes `|`, output
// `>` / `>>` (and `2>`, `&>`, `2>&1`, which the sandbox's one output stream takes as `>`), input
// `< FILE`, here-strings `<<< WORD` and here-documents `<<WORD` / `<<-WORD` / `<<'WORD'` (their
// bodies are the lines after the command line: splitHeredocs). `&` is refused with a reason.

/** An operator; a here-document's carries whether its delimiter was quoted (no expansion) and `<<-` (tabs stripped). */
export type Token = { op: string; quoted?: boolean; strip?: boolean } | { word: string };

export class SyntaxError_ extends Error {}

/**
 * `subst` runs a command substitution's command (`$(cmd)`) and gives its output; without it (a
 * line only looked at, not run) the substitution is taken as it is.
 */
export function tokenize(line: string, env: Record<string, string>, subst?: (command: string) => string): Token[] {
  const out: Token[] = [];
  let cur = '';
  let has = false;
  const flush = () => {
    if (has) out.push({ word: cur });
    cur = '';
    has = false;
  };
  const expand = (i: number): [string, number] => {
    // at line[i] === '$'
    if (line[i + 1] === '(' && line[i + 2] !== '(') {
      const end = closingParen(line, i + 2);
      if (end < 0) throw new SyntaxError_("unexpected EOF while looking for matching `)'");
      return [subst ? subst(line.slice(i + 2, end)).replace(/\n+$/, '') : line.slice(i, end + 1), end + 1];
    }
    const rest = line.slice(i + 1);
    let m = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest);
    if (!m) m = /^([A-Za-z_][A-Za-z0-9_]*|\?)/.exec(rest);
    if (!m) return ['$', i + 1];
    return [env[m[1]!] ?? '', i + 1 + m[0].length];
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new SyntaxError_("unexpected EOF while looking for matching `''");
      cur += line.slice(i + 1, end);
      has = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      has = true;
      for (;;) {
        if (i >= line.length) throw new SyntaxError_('unexpected EOF while looking for matching `"\'');
        const d = line[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          cur += line[i + 1];
          i += 2;
        } else if (d === '$') {
          const [v, j] = expand(i);
          cur += v;
          i = j;
        } else {
          cur += d;
          i++;
        }
      }
    } else if (c === '\\') {
      if (i + 1 < line.length) cur += line[i + 1];
      has = true;
      i += 2;
    } else if (c === '$') {
      const [v, j] = expand(i);
      if (line[i + 1] === '(' && subst) {
        // an unquoted command substitution is split into words at blanks and newlines, as in sh
        const words = v.split(/[ \t\n]+/);
        words.forEach((w, k) => {
          if (k) flush();
          cur += w;
          if (w) has = true;
        });
      } else {
        cur += v;
        // an unquoted empty expansion disappears, as in sh
        if (v) has = true;
      }
      i = j;
    } else if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '#' && !has) {
      break; // comment
    } else if (c === '>' && (cur === '1' || cur === '2') && has && line[i - 1] === cur) {
      // 2> FILE, 2>> FILE, 2>&1 (1>&2 is left as it is: the sandbox tells stderr apart by its lines)
      const err = cur === '2';
      cur = '';
      has = false;
      if (line.startsWith('>&1', i)) {
        if (err) out.push({ op: '2>&1' });
        i += 3;
      } else if (line.startsWith('>&2', i)) i += 3;
      else {
        const two = line[i + 1] === '>';
        out.push({ op: err ? (two ? '2>>' : '2>') : two ? '>>' : '>' });
        i += two ? 2 : 1;
      }
    } else if (c === ';' || c === '&' || c === '|' || c === '>' || c === '<') {
      flush();
      const three = line.slice(i, i + 3);
      const two = line.slice(i, i + 2);
      if (three === '<<<') {
        out.push({ op: '<<<' });
        i += 3;
      } else if (two === '<<') {
        const strip = line[i + 2] === '-';
        i += strip ? 3 : 2;
        while (line[i] === ' ' || line[i] === '\t') i++;
        out.push({ op: '<<', quoted: /^[^\s;&|<>]*['"\\]/.test(line.slice(i)), strip });
      } else if (two === '&>') {
        // &> FILE is > FILE 2>&1
        const append = line[i + 2] === '>';
        i += append ? 3 : 2;
        while (line[i] === ' ' || line[i] === '\t') i++;
        const m = /^[^\s;&|<>]+/.exec(line.slice(i));
        if (m) {
          out.push({ op: append ? '>>' : '>' }, { word: m[0] }, { op: '2>&1' });
          i += m[0].length;
        } else out.push({ op: append ? '>>' : '>' });
      } else if (two === '&&' || two === '||' || two === '>>') {
        out.push({ op: two });
        i += 2;
      } else {
        out.push({ op: c });
        i++;
      }
    } else {
      cur += c;
      has = true;
      i++;
    }
  }
  flush();
  return out;
}

/** The index of the `)` that closes a `$(` whose text starts at `from` (quotes and nested parentheses skipped), or -1. */
function closingParen(line: string, from: number): number {
  let depth = 1;
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      i = line.indexOf("'", i + 1);
      if (i < 0) return -1;
    } else if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
    } else if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

export interface SimpleCommand {
  argv: string[];
  redirect?: { path: string; append: boolean };
  /** Standard input: a here-document's body or a here-string (text), or `< FILE` (a path). */
  stdin?: { text: string } | { path: string };
  /** `2> FILE`: where the command's error lines go (the sandbox tells them apart: filters.ts splitStderr). */
  errFile?: string;
  /** `2>&1` (or `&> FILE`): error lines go where the output goes. */
  mergeStderr?: boolean;
}

export interface ListItem {
  /** The commands joined by `|`, in order (one for a plain command). */
  pipeline: SimpleCommand[];
  /** How it joins the previous command: run always, only after success, only after failure. */
  join: ';' | '&&' | '||';
}

/**
 * Splits tokens into pipelines joined by ;, && and ||. `bodies` are the here-documents' texts, in
 * the order their `<<` appear (splitHeredocs).
 */
export function parseList(tokens: Token[], bodies: string[] = []): ListItem[] {
  const items: ListItem[] = [];
  let pipeline: SimpleCommand[] = [];
  let cmd: SimpleCommand = { argv: [] };
  let join: ListItem['join'] = ';';
  let heredoc = 0;
  const near = (t: Token | undefined) => `syntax error near unexpected token \`${t ? ('word' in t ? t.word : t.op) : 'newline'}'`;
  const closeCommand = (op: string) => {
    if (!cmd.argv.length) throw new SyntaxError_(`syntax error near unexpected token \`${op}'`);
    pipeline.push(cmd);
    cmd = { argv: [] };
  };
  const end = (next: ListItem['join'], op: string) => {
    if (!cmd.argv.length && !pipeline.length) {
      if (cmd.redirect || cmd.stdin || next !== ';' || items.length) throw new SyntaxError_(`syntax error near unexpected token \`${op}'`);
      return;
    }
    closeCommand(op);
    items.push({ pipeline, join });
    pipeline = [];
    join = next;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ('word' in t) {
      cmd.argv.push(t.word);
      continue;
    }
    const target = tokens[i + 1];
    const word = () => {
      if (!target || !('word' in target)) throw new SyntaxError_(near(target));
      i++;
      return target.word;
    };
    if (t.op === '>' || t.op === '>>') cmd.redirect = { path: word(), append: t.op === '>>' };
    else if (t.op === '2>' || t.op === '2>>') cmd.errFile = word();
    else if (t.op === '2>&1') cmd.mergeStderr = true;
    else if (t.op === '<') cmd.stdin = { path: word() };
    else if (t.op === '<<<') cmd.stdin = { text: `${word()}\n` };
    else if (t.op === '<<') {
      word();
      cmd.stdin = { text: bodies[heredoc++] ?? '' };
    } else if (t.op === '|') {
      if (!cmd.argv.length) throw new SyntaxError_(near(t));
      closeCommand('|');
    } else if (t.op === ';' || t.op === '&&' || t.op === '||') {
      if (!cmd.argv.length) throw new SyntaxError_(near(t));
      end(t.op, t.op);
    } else if (t.op === '&') {
      throw new SyntaxError_('background jobs (&) are not available in the sandbox shell; run the command in the foreground (Ctrl-C stops it)');
    } else {
      throw new SyntaxError_(`"${t.op}" is not available in the sandbox shell`);
    }
  }
  if (cmd.argv.length) end(';', 'newline');
  else if (pipeline.length || (items.length && join !== ';')) throw new SyntaxError_("syntax error near unexpected token `newline'");
  return items;
}

export interface Heredoc {
  delim: string;
  /** The delimiter was quoted ('EOF', "EOF", \EOF): the body is taken as it is, no $ expansion. */
  quoted: boolean;
  /** `<<-`: leading tabs are stripped from the body's lines and the delimiter line. */
  strip: boolean;
}

/** The here-documents a command line opens, in order (its delimiters without their quotes). */
export function heredocsOf(line: string): Heredoc[] {
  let tokens: Token[];
  try {
    tokens = tokenize(line, {});
  } catch {
    return [];
  }
  const out: Heredoc[] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if ('op' in t && t.op === '<<' && next && 'word' in next) out.push({ delim: next.word, quoted: !!t.quoted, strip: !!t.strip });
  });
  return out;
}

/**
 * A command text (lines split by \n) as its command line and here-document bodies, as bash reads
 * them: each body is the lines after the command line up to its delimiter's line. `complete` is
 * false while a delimiter has not come (the terminal then asks for more lines with "> ").
 */
export function splitHeredocs(text: string): { line: string; heredocs: Heredoc[]; bodies: string[]; complete: boolean } {
  const lines = text.split('\n');
  const line = lines[0]!;
  const heredocs = heredocsOf(line);
  const bodies: string[] = [];
  let at = 1;
  for (const h of heredocs) {
    const body: string[] = [];
    let closed = false;
    while (at < lines.length) {
      const l = h.strip ? lines[at]!.replace(/^\t+/, '') : lines[at]!;
      at++;
      if (l === h.delim) {
        closed = true;
        break;
      }
      body.push(l);
    }
    bodies.push(body.length ? `${body.join('\n')}\n` : '');
    if (!closed) return { line, heredocs, bodies, complete: false };
  }
  return { line, heredocs, bodies, complete: true };
}

/** A here-document body with an unquoted delimiter: $VAR, ${VAR} and \$ \` \\ as bash expands them. */
export function expandBody(body: string, env: Record<string, string>): string {
  return body.replace(/\\([$`\\])|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*|\?)/g, (m, esc: string | undefined, braced: string | undefined, plain: string | undefined) => (esc ? esc : (env[(braced ?? plain)!] ?? '')));
}

/**
 * A command line of a script (or a lab's block) and the here-document bodies on the lines after
 * it: the whole command as one text, and the index of the line after it. Undefined when the line
 * opens no here-document.
 */
export function withHeredocs(first: string, lines: string[], next: number): { text: string; next: number } | undefined {
  if (!heredocsOf(first).length) return undefined;
  const taken = [first];
  let i = next;
  while (i < lines.length && !splitHeredocs(taken.join('\n')).complete) taken.push(lines[i++]!);
  return { text: taken.join('\n'), next: i };
}
