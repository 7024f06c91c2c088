// In-page links keep their target in view while the page grows under them: the editor
// islands mount lazily (and grow the lab page by thousands of pixels) after the browser has
// jumped to a #fragment, so the target is realigned on every size change of the page until
// the trainee scrolls, clicks or types themselves.

export function keepAnchorsInView(root: HTMLElement = document.body): void {
  let target: HTMLElement | null = null;

  const align = () => {
    if (!target?.isConnected) return;
    const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    const delta = target.getBoundingClientRect().top - margin;
    // instant: a smooth scroll would be overtaken by the next growth of the page
    if (Math.abs(delta) > 1) window.scrollTo({ top: window.scrollY + delta, behavior: 'instant' });
  };
  const pin = () => {
    let id = '';
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      /* a malformed fragment names nothing */
    }
    target = id ? document.getElementById(id) : null;
    align();
  };
  const release = () => {
    target = null;
  };

  for (const type of ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const) {
    window.addEventListener(type, release, { capture: true, passive: true });
  }
  window.addEventListener('hashchange', pin);
  // A link to the fragment already in the address bar fires no hashchange.
  document.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a[href*="#"]') as HTMLAnchorElement | null;
    if (a && a.hash && a.hash === location.hash && a.pathname === location.pathname && !e.defaultPrevented) {
      requestAnimationFrame(pin);
    }
  });
  new ResizeObserver(align).observe(root);

  // Opened with a fragment; a reload or history step keeps the browser's own scroll position.
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (location.hash && nav?.type !== 'reload' && nav?.type !== 'back_forward') pin();
}
