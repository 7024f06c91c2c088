// Docsy's tabpane/tab, as tabs. The shortcode renders every tab as a labelled section, stacked, so
// the page reads without JavaScript; this turns each pane into an ARIA tablist (arrow keys, Home,
// End) and, as Docsy's `persist` does, keeps the trainee's choice: picking "Linux" in one pane
// picks it in every pane of the page, and again on the next page load. Which tabs count as the
// same choice is the build's: `data-key` (header or lang; none when persistence is disabled).

const STORE = 'kvlab:v1:tabs';

/** Keys the trainee picked, most recent first. */
function remembered(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
function remember(key: string): void {
  try {
    localStorage.setItem(STORE, JSON.stringify([key, ...remembered().filter((h) => h !== key)].slice(0, 20)));
  } catch {
    /* not kept */
  }
}

interface Pane {
  /** Show the tab with this key, if the pane has one that is enabled. */
  select(key: string): boolean;
}

export function enhanceTabpanes(root: ParentNode = document): void {
  const panes: Pane[] = [];
  root.querySelectorAll<HTMLElement>('.kvlab-tabpane').forEach((pane, p) => {
    const sections = [...pane.children].filter((c): c is HTMLElement => c instanceof HTMLElement && c.classList.contains('kvlab-tab'));
    if (!sections.length || pane.querySelector(':scope > [role="tablist"]')) return;
    const list = document.createElement('div');
    list.setAttribute('role', 'tablist');
    list.className = 'kvlab-tablist';
    const tabs = sections.map((s, i) => {
      const header = s.dataset.header ?? s.getAttribute('aria-label') ?? `Tab ${i + 1}`;
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'tab');
      b.id = `kvlab-tab-${p}-${i}`;
      b.textContent = header;
      if (s.dataset.key) b.dataset.key = s.dataset.key;
      if (s.dataset.disabled === 'true') b.disabled = true;
      s.id ||= `kvlab-tabpanel-${p}-${i}`;
      s.setAttribute('role', 'tabpanel');
      s.removeAttribute('aria-label');
      s.setAttribute('aria-labelledby', b.id);
      s.tabIndex = 0;
      s.querySelector(':scope > .kvlab-tab-header')?.setAttribute('hidden', '');
      b.setAttribute('aria-controls', s.id);
      return b;
    });
    list.append(...tabs);
    pane.prepend(list);
    pane.classList.add('kvlab-tabpane-tabs');
    const show = (k: number, focus = false) => {
      tabs.forEach((t, i) => {
        const on = i === k;
        t.setAttribute('aria-selected', String(on));
        t.tabIndex = on ? 0 : -1;
        sections[i]!.hidden = !on;
      });
      if (focus) tabs[k]!.focus();
    };
    const pane_: Pane = {
      select(key) {
        const k = tabs.findIndex((t) => t.dataset.key === key && !t.disabled);
        if (k < 0) return false;
        show(k);
        return true;
      },
    };
    panes.push(pane_);
    const pick = (k: number, focus = false) => {
      const key = tabs[k]!.dataset.key;
      show(k, focus);
      if (!key) return;
      remember(key);
      for (const other of panes) if (other !== pane_) other.select(key);
    };
    tabs.forEach((t, i) => t.addEventListener('click', () => pick(i)));
    list.addEventListener('keydown', (e) => {
      const enabled = tabs.map((t, i) => (t.disabled ? -1 : i)).filter((i) => i >= 0);
      const at = enabled.indexOf(tabs.indexOf(document.activeElement as HTMLButtonElement));
      if (at < 0 || !enabled.length) return;
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: enabled.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      pick(enabled[(to + enabled.length) % enabled.length]!, true);
    });
    const first = tabs.findIndex((t) => !t.disabled);
    const wanted = remembered().find((key) => pane_.select(key));
    if (wanted === undefined) show(Math.max(0, first));
  });
}
