// The header's ◐ button: system theme by default, the trainee's choice remembered
// (localStorage['kvlab:v1:theme'], read before the first paint by SiteHead.astro).

export function wireThemeToggle(): void {
  document.getElementById('theme-toggle')?.addEventListener('click', () => {
    const root = document.documentElement;
    const dark = root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = dark ? 'light' : 'dark';
    try {
      localStorage.setItem('kvlab:v1:theme', root.dataset.theme);
    } catch {
      /* not kept */
    }
  });
}
