import { useEffect, useState } from 'react';

/** The theme's colours a chart draws with, read from the CSS variables so charts follow light and dark. */
export interface ThemeColours {
  /** The page's font, so the chart measures its labels with the font they are drawn in. */
  font: string;
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  warn: string;
  critical: string;
  error: string;
  warning: string;
  info: string;
}

function read(): ThemeColours {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    font: getComputedStyle(document.body).fontFamily,
    text: v('--text'),
    muted: v('--muted'),
    border: v('--border'),
    surface: v('--surface'),
    accent: v('--accent'),
    warn: v('--warn'),
    critical: v('--sev-critical'),
    error: v('--sev-error'),
    warning: v('--sev-warning'),
    info: v('--sev-info'),
  };
}

/** The current theme's colours; changes when the user switches theme or the system's preference changes. */
export function useThemeColours(): ThemeColours {
  const [colours, setColours] = useState(read);
  useEffect(() => {
    const update = () => setColours(read());
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', update);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', update);
    };
  }, []);
  return colours;
}
