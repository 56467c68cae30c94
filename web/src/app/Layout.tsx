import { DropdownMenu } from 'radix-ui';
import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { LiveStreamProvider, useLiveStatus } from '../live/live-stream';
import { Loading } from '../ui/feedback';
import { useLogout, useMe } from './session';
import { applyTheme, storedTheme, type Theme } from './theme';

const sections: Array<{ title: string; links: Array<{ to: string; label: string; admin?: boolean }> }> = [
  {
    title: 'Respond',
    links: [
      { to: '/incidents', label: 'Incidents' },
      { to: '/overview', label: 'Overview' },
    ],
  },
  {
    title: 'On-call',
    links: [
      { to: '/oncall', label: 'Who is on call' },
      { to: '/my-shifts', label: 'My shifts' },
      { to: '/schedules', label: 'Schedules' },
      { to: '/escalation-policies', label: 'Escalation policies' },
    ],
  },
  {
    title: 'Configure',
    links: [
      { to: '/services', label: 'Services' },
      { to: '/people', label: 'People' },
      { to: '/teams', label: 'Teams' },
      { to: '/webhooks', label: 'Webhooks' },
      { to: '/settings', label: 'Organisation', admin: true },
    ],
  },
];

/** The signed-in frame: navigation, the live stream, the user's menu; pages render in the outlet. */
export function Layout() {
  const me = useMe();
  if (me.error) return <Loading label="Signing in" />;
  // The page renders while /me is on its way, so its own requests start at once instead of after it.
  return (
    <LiveStreamProvider>
      <Shell role={me.data?.role ?? 'observer'} name={me.data?.name ?? ''} />
    </LiveStreamProvider>
  );
}

function Shell({ role, name }: { role: string; name: string }) {
  const [navOpen, setNavOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setNavOpen(false), [location.pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button type="button" className="btn btn-ghost nav-toggle" aria-expanded={navOpen} aria-controls="nav" onClick={() => setNavOpen(!navOpen)}>
          Menu
        </button>
        <Link to="/incidents" className="brand">
          <span className="brand-dot" aria-hidden="true" /> Vigil
        </Link>
        <LiveIndicator />
        <div className="topbar-end">
          <ThemeSwitch />
          <UserMenu name={name} />
        </div>
      </header>
      <nav id="nav" className={navOpen ? 'sidenav open' : 'sidenav'} aria-label="Main">
        {sections.map((section) => (
          <div key={section.title} className="nav-section">
            <h2 className="nav-title">{section.title}</h2>
            <ul>
              {section.links
                .filter((link) => !link.admin || role === 'admin')
                .map((link) => (
                  <li key={link.to}>
                    <NavLink to={link.to}>{link.label}</NavLink>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

function LiveIndicator() {
  const status = useLiveStatus();
  const label = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Offline';
  return (
    <span className={`live live-${status}`} role="status" title="Live updates from the incident stream">
      <span className="live-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>(storedTheme());
  const next: Record<Theme, Theme> = { system: 'dark', dark: 'light', light: 'system' };
  // The accessible name holds the visible text (WCAG 2.5.3: voice users say what they see).
  const shown: Record<Theme, string> = { system: 'Auto', dark: 'Dark', light: 'Light' };
  return (
    <button
      type="button"
      className="btn btn-ghost"
      aria-label={`Theme: ${shown[theme]}. Switch to ${shown[next[theme]]}`}
      onClick={() => {
        applyTheme(next[theme]);
        setTheme(next[theme]);
      }}
    >
      {shown[theme]}
    </button>
  );
}

function UserMenu({ name }: { name: string }) {
  const logout = useLogout();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="btn btn-ghost user-button" aria-label={`Account: ${name}`}>
          {name}
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Item className="menu-item" asChild>
            <Link to="/profile">Profile and notifications</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" asChild>
            <Link to="/api-keys">API keys</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Item className="menu-item" onSelect={() => logout.mutate()}>
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
