// WCAG contrast of every text in a subtree against the background it is drawn on, computed in
// the page from getComputedStyle (backgrounds composited up the ancestors).
import type { Page } from 'playwright-core';

export interface LowContrast {
  text: string;
  ratio: number;
  fg: string;
  bg: string;
}

/** Texts under `selector` whose contrast is below 4.5:1 (3:1 for large text). */
export function lowContrast(page: Page, selector: string, skip = '.monaco-editor'): Promise<LowContrast[]> {
  return page.evaluate(
    ([sel, skipSel]) => {
      type RGBA = [number, number, number, number];
      const parse = (c: string): RGBA => {
        const m = /rgba?\(([^)]+)\)/.exec(c);
        if (!m) return [0, 0, 0, 0];
        const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p[3] ?? 1];
      };
      const over = (top: RGBA, under: RGBA): RGBA => {
        const a = top[3] + under[3] * (1 - top[3]);
        if (a === 0) return [0, 0, 0, 0];
        const mix = (i: number) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a;
        return [mix(0), mix(1), mix(2), a];
      };
      const background = (el: Element | null): RGBA => {
        const layers: RGBA[] = [];
        for (let e = el; e; e = e.parentElement) {
          const c = parse(getComputedStyle(e).backgroundColor);
          if (c[3] > 0) layers.push(c);
          if (c[3] >= 1) break;
        }
        let bg: RGBA = [255, 255, 255, 1]; // the canvas behind everything
        for (const l of layers.reverse()) bg = over(l, bg);
        return bg;
      };
      const lum = ([r, g, b]: RGBA) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const out: { text: string; ratio: number; fg: string; bg: string }[] = [];
      for (const root of Array.from(document.querySelectorAll(sel))) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          const text = (n.textContent ?? '').trim();
          if (!el || !text || (skipSel && el.closest(skipSel))) continue;
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          if (!r.width || !r.height || style.visibility === 'hidden' || el.closest('[hidden], details:not([open]) > :not(summary), option, title, desc')) continue;
          const isSvg = el instanceof SVGElement;
          const bg = background(isSvg ? el.closest('svg')!.parentElement : el);
          const fg = over(parse(isSvg ? style.fill : style.color), bg);
          const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
          const ratio = (l1 + 0.05) / (l2 + 0.05);
          const size = parseFloat(style.fontSize);
          const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
          if (ratio < (large ? 3 : 4.5)) out.push({ text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100, fg: fg.join(','), bg: bg.join(',') });
        }
      }
      return out;
    },
    [selector, skip] as const,
  );
}
