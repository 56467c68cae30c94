export type Theme = 'light' | 'dark' | 'system';

const KEY = 'vigil.theme';
const systemDark = matchMedia('(prefers-color-scheme: dark)');
let chosen: Theme = 'system';

export function storedTheme(): Theme {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

function resolve(): void {
  document.documentElement.dataset['theme'] = chosen === 'system' ? (systemDark.matches ? 'dark' : 'light') : chosen;
}
systemDark.addEventListener('change', resolve);

/** Sets data-theme on <html> to the theme in force: the one chosen, or for "system" the system's, kept in step. */
export function applyTheme(theme: Theme): void {
  chosen = theme;
  if (theme === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, theme);
  resolve();
}
