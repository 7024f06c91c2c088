// Output text that remembers, for each output line, the original source line it came from.
// Shortcode expansion changes line counts (an onlyWhen that drops five lines, a param inside
// a line), yet every code block must know the source line of each of its lines so findings in
// a reference solution point back into the lab file. A line maps to the source line of its
// first non-blank character (for `{{< /onlyWhen >}}volumes:` that is the closing shortcode's
// line), else of its first character.

export class Out {
  private parts: string[] = [];
  /** Source line per output line (0 = nothing seen yet). */
  lines: number[] = [0];
  private solid: boolean[] = [false];
  private lastLineText = '';

  /** Append text. `advance` says the text is source text, so its lines count from `line`. */
  push(text: string, line: number, advance = true): void {
    if (!text) return;
    this.parts.push(text);
    const segs = text.split('\n');
    for (let i = 0; i < segs.length; i++) {
      const src = advance ? line + i : line;
      if (i > 0) {
        this.lines.push(src);
        this.solid.push(false);
        this.lastLineText = '';
      }
      const seg = segs[i];
      const cur = this.lines.length - 1;
      if (this.lines[cur] === 0) this.lines[cur] = src;
      if (seg && !this.solid[cur] && /\S/.test(seg)) {
        this.lines[cur] = src;
        this.solid[cur] = true;
      }
      this.lastLineText += seg;
    }
  }

  append(other: Out): void {
    const text = other.text();
    if (!text) return;
    this.parts.push(text);
    const cur = this.lines.length - 1;
    if (this.lines[cur] === 0 || (!this.solid[cur] && other.solid[0])) {
      this.lines[cur] = other.lines[0];
      this.solid[cur] = other.solid[0];
    }
    for (let i = 1; i < other.lines.length; i++) {
      this.lines.push(other.lines[i]);
      this.solid.push(other.solid[i]);
    }
    const nl = text.lastIndexOf('\n');
    this.lastLineText = nl < 0 ? this.lastLineText + text : text.slice(nl + 1);
  }

  /** True when the current output line holds only blanks (a block element may start here). */
  atLineStart(): boolean {
    return !/\S/.test(this.lastLineText);
  }

  /** The blanks the current line starts with (indentation to keep for a block's lines). */
  currentIndent(): string {
    return /^[ \t]*/.exec(this.lastLineText)?.[0] ?? '';
  }

  text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }
}
