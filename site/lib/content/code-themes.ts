// Shiki themes of the code blocks: GitHub's "default" light and dark themes, whose colours keep
// 4.5:1 on the site's code background (--code-bg: #f6f8fa / #161b22), except the light theme's
// comments (#6e7781, 4.27:1 there), which take GitHub's muted text colour (#59636e, 5.9:1).
// (The older github-light/-dark themes fall to 3.3:1 and 3.6:1; axe reported them.)
import { bundledThemes } from 'shiki/themes';
import type { ThemeRegistration } from 'shiki';

const DARKER: Record<string, string> = { '#6e7781': '#59636e' };

export async function codeThemes(): Promise<{ light: ThemeRegistration; dark: ThemeRegistration }> {
  const light = (await bundledThemes['github-light-default']()).default as ThemeRegistration;
  const dark = (await bundledThemes['github-dark-default']()).default as ThemeRegistration;
  const swap = (c: unknown) => (typeof c === 'string' ? (DARKER[c.toLowerCase()] ?? c) : c);
  return {
    light: {
      ...light,
      name: 'kvlab-github-light',
      tokenColors: light.tokenColors?.map((r) => ({ ...r, settings: { ...r.settings, foreground: swap(r.settings?.foreground) as string | undefined } })),
    },
    dark,
  };
}
