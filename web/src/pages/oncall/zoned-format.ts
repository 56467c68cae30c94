import { formatDuration } from '../../ui/time';
import { startOfDay } from './zoned-time';

const cache = new Map<string, Intl.DateTimeFormat>();

function format(zone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone ?? ''}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(undefined, { ...options, ...(zone && { timeZone: zone }) });
    cache.set(key, found);
  }
  return found;
}

const dateTime: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
const timeOnly: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** "Mon 4 May, 09:00" in the zone (the browser's when none is given). */
export function formatAt(at: number | string, zone?: string): string {
  return format(zone, dateTime).format(typeof at === 'string' ? Date.parse(at) : at);
}

/** "09:00" in the zone. */
export function formatClock(at: number | string, zone?: string): string {
  return format(zone, timeOnly).format(typeof at === 'string' ? Date.parse(at) : at);
}

/** "Mon 4 May, 09:00 – Tue 5 May, 09:00": the end drops its date when it is the same local day. */
export function formatSpan(start: number | string, end: number | string, zone?: string): string {
  const from = typeof start === 'string' ? Date.parse(start) : start;
  const to = typeof end === 'string' ? Date.parse(end) : end;
  const zoneOf = zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const sameDay = startOfDay(from, zoneOf) === startOfDay(to, zoneOf);
  return `${formatAt(from, zone)} – ${sameDay ? formatClock(to, zone) : formatAt(to, zone)}`;
}

/** "2 d", "12 h" between two instants. */
export function formatLength(start: string | number, end: string | number): string {
  const from = typeof start === 'string' ? Date.parse(start) : start;
  const to = typeof end === 'string' ? Date.parse(end) : end;
  return formatDuration((to - from) / 1000);
}

/** The browser's own time zone. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Every IANA zone the browser knows, for the schedule's time zone picker. */
export function knownZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) || !current ? zones : [current, ...zones];
}
