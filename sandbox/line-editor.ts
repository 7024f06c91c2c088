// Readline-like editing of one command line: printable input, left/right, Home/End (and
// Ctrl-A/Ctrl-E), Backspace/Delete, Ctrl-U/Ctrl-K/Ctrl-W, up/down through history. It writes the
// terminal escapes that redraw the line; the caller acts on Enter, Ctrl-C, Tab, Ctrl-D, Ctrl-L
// and Ctrl-].

export type EditorEvent =
  | { type: 'submit'; line: string }
  | { type: 'interrupt' }
  | { type: 'tab' }
  | { type: 'eof' }
  | { type: 'clear' }
  | { type: 'escape' };

// Key sequences xterm sends (normal and application cursor modes).
const KEYS: Record<string, string> = {
  '\x1b[D': 'left', '\x1bOD': 'left', '\x1b[C': 'right', '\x1bOC': 'right',
  '\x1b[A': 'up', '\x1bOA': 'up', '\x1b[B': 'down', '\x1bOB': 'down',
  '\x1b[H': 'home', '\x1bOH': 'home', '\x1b[1~': 'home', '\x1b[F': 'end', '\x1bOF': 'end', '\x1b[4~': 'end',
  '\x1b[3~': 'delete', '\x1b[1;5D': 'wordleft', '\x1b[1;5C': 'wordright', '\x1bb': 'wordleft', '\x1bf': 'wordright',
};

export class LineEditor {
  buf = '';
  cursor = 0;
  prompt = '';
  /** Hide typed characters (a password prompt). */
  secret = false;
  /** Tab is a character of the line, not completion (a here-document's body). */
  literalTabs = false;
  private hIndex = -1;
  private saved = '';

  constructor(
    private readonly write: (s: string) => void,
    public history: string[] = [],
  ) {}

  start(prompt: string, secret = false): void {
    this.prompt = prompt;
    this.secret = secret;
    this.buf = '';
    this.cursor = 0;
    this.hIndex = -1;
    this.write(prompt);
  }

  /** Sets the line (history, completion) and redraws it. */
  set(text: string, cursor = text.length): void {
    this.buf = text;
    this.cursor = cursor;
    this.redraw();
  }

  insert(text: string): void {
    this.buf = this.buf.slice(0, this.cursor) + text + this.buf.slice(this.cursor);
    this.cursor += text.length;
    if (this.secret) return;
    if (this.cursor === this.buf.length) this.write(text);
    else this.redraw();
  }

  redraw(): void {
    if (this.secret) return;
    const back = this.buf.length - this.cursor;
    this.write(`\r${this.prompt}${this.buf}\x1b[K${back ? `\x1b[${back}D` : ''}`);
  }

  /** Feeds terminal input; returns the events it produced, in order. */
  feed(data: string): EditorEvent[] {
    const events: EditorEvent[] = [];
    let i = 0;
    let text = '';
    const flushText = () => {
      if (text) this.insert(text);
      text = '';
    };
    while (i < data.length) {
      const c = data[i]!;
      if (c === '\x1b') {
        flushText();
        const seq = Object.keys(KEYS).filter((k) => data.startsWith(k, i)).sort((a, b) => b.length - a.length)[0];
        if (seq) {
          this.key(KEYS[seq]!);
          i += seq.length;
        } else {
          // an unknown escape sequence: skip it (CSI … final byte) rather than insert garbage
          const m = /^\x1b\[[0-9;?]*[ -/]*[@-~]/.exec(data.slice(i));
          i += m ? m[0].length : 1;
        }
        continue;
      }
      i++;
      const code = c.charCodeAt(0);
      if (c === '\r' || c === '\n') {
        flushText();
        if (c === '\r' && data[i] === '\n') i++;
        const line = this.buf;
        this.write('\r\n');
        this.buf = '';
        this.cursor = 0;
        events.push({ type: 'submit', line });
        continue;
      }
      if (code >= 32 && code !== 127) {
        text += c;
        continue;
      }
      flushText();
      switch (c) {
        case '\x7f':
        case '\b':
          if (this.cursor > 0) {
            this.buf = this.buf.slice(0, this.cursor - 1) + this.buf.slice(this.cursor);
            this.cursor--;
            if (!this.secret) this.cursor === this.buf.length ? this.write('\b \b') : this.redraw();
          }
          break;
        case '\x01':
          this.key('home');
          break;
        case '\x05':
          this.key('end');
          break;
        case '\x02':
          this.key('left');
          break;
        case '\x06':
          this.key('right');
          break;
        case '\x10':
          this.key('up');
          break;
        case '\x0e':
          this.key('down');
          break;
        case '\x15':
          this.set(this.buf.slice(this.cursor), 0);
          break;
        case '\x0b':
          this.set(this.buf.slice(0, this.cursor));
          break;
        case '\x17': {
          const before = this.buf.slice(0, this.cursor).replace(/\S+\s*$/, '');
          this.buf = before + this.buf.slice(this.cursor);
          this.cursor = before.length;
          this.redraw();
          break;
        }
        case '\x03':
          this.write('^C\r\n');
          this.buf = '';
          this.cursor = 0;
          events.push({ type: 'interrupt' });
          break;
        case '\x04':
          if (!this.buf) events.push({ type: 'eof' });
          else this.key('delete');
          break;
        case '\t':
          if (this.literalTabs) this.insert('\t');
          else events.push({ type: 'tab' });
          break;
        case '\x0c':
          events.push({ type: 'clear' });
          break;
        case '\x1d':
          events.push({ type: 'escape' });
          break;
        default:
          break; // other control characters do nothing, as in bash
      }
    }
    flushText();
    return events;
  }

  private key(k: string): void {
    switch (k) {
      case 'left':
        if (this.cursor > 0) {
          this.cursor--;
          if (!this.secret) this.write('\x1b[D');
        }
        break;
      case 'right':
        if (this.cursor < this.buf.length) {
          this.cursor++;
          if (!this.secret) this.write('\x1b[C');
        }
        break;
      case 'home':
        this.cursor = 0;
        this.redraw();
        break;
      case 'end':
        this.cursor = this.buf.length;
        this.redraw();
        break;
      case 'delete':
        if (this.cursor < this.buf.length) {
          this.buf = this.buf.slice(0, this.cursor) + this.buf.slice(this.cursor + 1);
          this.redraw();
        }
        break;
      case 'wordleft': {
        const m = /\S+\s*$/.exec(this.buf.slice(0, this.cursor));
        this.cursor = m ? m.index : 0;
        this.redraw();
        break;
      }
      case 'wordright': {
        const m = /^\s*\S+/.exec(this.buf.slice(this.cursor));
        this.cursor += m ? m[0].length : 0;
        this.redraw();
        break;
      }
      case 'up':
        if (this.secret || !this.history.length) break;
        if (this.hIndex === -1) {
          this.saved = this.buf;
          this.hIndex = this.history.length - 1;
        } else if (this.hIndex > 0) this.hIndex--;
        this.set(this.history[this.hIndex]!);
        break;
      case 'down':
        if (this.secret || this.hIndex === -1) break;
        if (this.hIndex < this.history.length - 1) {
          this.hIndex++;
          this.set(this.history[this.hIndex]!);
        } else {
          this.hIndex = -1;
          this.set(this.saved);
        }
        break;
    }
  }
}
