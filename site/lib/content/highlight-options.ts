// Hugo's code highlighting options, in both places a training writes them: the highlight
// shortcode's third argument (`{{< highlight yaml "hl_lines=2 4-6,linenos=table,linenostart=5" >}}`)
// and a fence's attributes (```yaml {hl_lines=[2,"4-6"],linenos=true}). The shortcode engine
// turns the former into the latter; the Shiki transformer below reads the fence's meta and marks
// the lines (class "highlighted") and numbers them (a CSS counter from linenostart).
import type { ShikiTransformer } from 'shiki';

export interface HighlightOptions {
  /** 1-based line numbers as the trainer counts them (linenostart does not shift them, as in Hugo). */
  lines: Set<number>;
  linenos: boolean;
  start: number;
}

/** Parses "hl_lines=2 4-6,linenos=table" or {hl_lines=[2,"4-6"],linenos=true,linenostart=5}; unknown keys are ignored. */
export function parseHighlightOptions(raw: string | undefined): HighlightOptions {
  const o: HighlightOptions = { lines: new Set(), linenos: false, start: 1 };
  if (!raw) return o;
  const text = raw.trim().replace(/^\{|\}$/g, '');
  // split on commas outside [ … ]
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth <= 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim().replace(/^["']|["']$/g, '');
    if (key === 'linenos') o.linenos = value !== 'false' && value !== '';
    else if (key === 'linenostart') o.start = Number.parseInt(value, 10) || 1;
    else if (key === 'hl_lines') {
      for (const m of value.matchAll(/(\d+)(?:\s*-\s*(\d+))?/g)) {
        const a = Number(m[1]);
        const b = m[2] ? Number(m[2]) : a;
        for (let n = Math.min(a, b); n <= Math.max(a, b) && n - a < 10_000; n++) o.lines.add(n);
      }
    }
  }
  return o;
}

export function hugoHighlight(): ShikiTransformer {
  return {
    name: 'kvlab-hugo-highlight',
    pre(node) {
      const o = parseHighlightOptions(this.options.meta?.__raw);
      if (!o.linenos) return;
      this.addClassToHast(node, 'kvlab-linenos');
      node.properties.style = `${node.properties.style ?? ''};counter-reset:kvlab-line ${o.start - 1}`;
    },
    line(node, line) {
      if (parseHighlightOptions(this.options.meta?.__raw).lines.has(line)) this.addClassToHast(node, 'highlighted');
    },
  };
}
