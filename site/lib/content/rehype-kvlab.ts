// Rehype steps of the site's Markdown processor (after Shiki, before heading ids):
// - a heading holding the task label `<span class="kvlab-task-label" data-task-id="N">` gets
//   id "task-N" (the stable anchor every other part uses);
// - `$USER` / `${USER}` in text (code blocks and inline code included) is wrapped in
//   `<span class="kvlab-var" data-kvlab-var="USER">` so the page shows the trainee's name there.
interface HNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HNode[];
}

const TASK_LABEL = /class="kvlab-task-label" data-task-id="(\d+)"/;
const VAR = /\$\{USER\}|\$USER\b/g;

function walk(node: HNode, inRaw: boolean, fn: (n: HNode, parent: HNode) => void): void {
  for (const child of node.children ?? []) {
    fn(child, node);
    walk(child, inRaw, fn);
  }
}

export function rehypeKvlab() {
  return (tree: HNode) => {
    walk(tree, false, (node) => {
      if (node.type === 'element' && /^h[1-6]$/.test(node.tagName ?? '')) {
        for (const c of node.children ?? []) {
          const m = c.type === 'raw' ? TASK_LABEL.exec(c.value ?? '') : undefined;
          if (m) node.properties = { ...node.properties, id: `task-${m[1]}`, className: ['kvlab-task-heading'] };
        }
      }
    });
    // Inline code that is exactly `$USER` names the variable itself and stays as written.
    const namesVariable = (node: HNode, inPre: boolean) =>
      !inPre && node.tagName === 'code' && node.children?.length === 1 && node.children[0].value === '$USER';
    const visit = (node: HNode, inPre = false) => {
      if (!node.children || namesVariable(node, inPre)) return;
      const out: HNode[] = [];
      for (const child of node.children) {
        VAR.lastIndex = 0;
        if (child.type === 'text' && child.value && VAR.test(child.value)) {
          VAR.lastIndex = 0;
          let last = 0;
          for (const m of child.value.matchAll(VAR)) {
            if (m.index > last) out.push({ type: 'text', value: child.value.slice(last, m.index) });
            out.push({ type: 'element', tagName: 'span', properties: { className: ['kvlab-var'], dataKvlabVar: 'USER' }, children: [{ type: 'text', value: m[0] }] });
            last = m.index + m[0].length;
          }
          if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
        } else {
          visit(child, inPre || node.tagName === 'pre');
          out.push(child);
        }
      }
      node.children = out;
    };
    visit(tree);
  };
}
