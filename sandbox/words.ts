// The sandbox shell's command-line syntax: words with quotes, backslashes and $VAR / ${VAR}
// expansion as sh does it, and the operators the lab needs (`;`, `&&`, `||`, `>`, `>>`).
// Pipes and globs are recognised only to say that the sandbox does not run them.

export type Token = { op: string } | { word: string };

export class SyntaxError_ extends Error {}

export function tokenize(line: string, env: Record<string, string>): Token[] {
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
      cur += v;
      // an unquoted empty expansion disappears, as in sh
      if (v) has = true;
      i = j;
    } else if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '#' && !has) {
      break; // comment
    } else if (c === ';' || c === '&' || c === '|' || c === '>' || c === '<') {
      flush();
      const two = line.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '>>') {
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

export interface SimpleCommand {
  argv: string[];
  redirect?: { path: string; append: boolean };
}

export interface ListItem {
  command: SimpleCommand;
  /** How it joins the previous command: run always, only after success, only after failure. */
  join: ';' | '&&' | '||';
}

/** Splits tokens into simple commands joined by ;, && and ||. */
export function parseList(tokens: Token[]): ListItem[] {
  const items: ListItem[] = [];
  let argv: string[] = [];
  let redirect: SimpleCommand['redirect'];
  let join: ListItem['join'] = ';';
  const end = (next: ListItem['join'], op: string) => {
    if (!argv.length) {
      if (redirect || next !== ';' || items.length) throw new SyntaxError_(`syntax error near unexpected token \`${op}'`);
      return;
    }
    items.push({ command: { argv, ...(redirect ? { redirect } : {}) }, join });
    argv = [];
    redirect = undefined;
    join = next;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ('word' in t) {
      argv.push(t.word);
      continue;
    }
    if (t.op === '>' || t.op === '>>') {
      const target = tokens[i + 1];
      if (!target || !('word' in target)) throw new SyntaxError_("syntax error near unexpected token `newline'");
      redirect = { path: target.word, append: t.op === '>>' };
      i++;
    } else if (t.op === ';' || t.op === '&&' || t.op === '||') {
      if (!argv.length) throw new SyntaxError_(`syntax error near unexpected token \`${t.op}'`);
      end(t.op, t.op);
    } else if (t.op === '|') {
      throw new SyntaxError_('pipes are not available in the sandbox shell: run each command on its own');
    } else if (t.op === '&') {
      throw new SyntaxError_('background jobs (&) are not available in the sandbox shell');
    } else {
      throw new SyntaxError_(`"${t.op}" is not available in the sandbox shell`);
    }
  }
  if (argv.length) end(';', 'newline');
  else if (items.length && join !== ';') throw new SyntaxError_("syntax error near unexpected token `newline'");
  return items;
}
