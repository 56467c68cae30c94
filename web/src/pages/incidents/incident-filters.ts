// Pure: the list's filters live in the URL's search params so a filtered view can be shared as a link.

export const statusTabs = [
  { value: 'open', label: 'Open', statuses: ['triggered', 'acknowledged'] },
  { value: 'triggered', label: 'Triggered', statuses: ['triggered'] },
  { value: 'acknowledged', label: 'Acknowledged', statuses: ['acknowledged'] },
  { value: 'resolved', label: 'Resolved', statuses: ['resolved'] },
  { value: 'all', label: 'All', statuses: [] },
] as const;

export type StatusTab = (typeof statusTabs)[number]['value'];

export const severityOptions = ['critical', 'error', 'warning', 'info'] as const;

export const createdRanges = [
  { value: '', label: 'Any time', hours: 0 },
  { value: '24h', label: 'Last 24 hours', hours: 24 },
  { value: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { value: '30d', label: 'Last 30 days', hours: 24 * 30 },
] as const;

type CreatedRange = (typeof createdRanges)[number]['value'];

export interface IncidentFilters {
  tab: StatusTab;
  /** A service id, or '' for every service. */
  service: string;
  /** A severity, or '' for every severity. */
  severity: string;
  created: CreatedRange;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the filters from the URL; anything it does not recognise falls back to the default. */
export function filtersFromParams(params: URLSearchParams): IncidentFilters {
  const tab = statusTabs.find((t) => t.value === params.get('status'))?.value ?? 'open';
  const service = params.get('service') ?? '';
  const severity = params.get('severity') ?? '';
  const created = createdRanges.find((r) => r.value === params.get('created'))?.value ?? '';
  return {
    tab,
    service: UUID.test(service) ? service.toLowerCase() : '',
    severity: (severityOptions as readonly string[]).includes(severity) ? severity : '',
    created,
  };
}

/** The search params for `filters`, leaving defaults out so the plain list has a plain URL. */
export function filtersToParams(filters: IncidentFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.tab !== 'open') params.set('status', filters.tab);
  if (filters.service) params.set('service', filters.service);
  if (filters.severity) params.set('severity', filters.severity);
  if (filters.created) params.set('created', filters.created);
  return params;
}

function sinceOf(filters: IncidentFilters, now: number): string | undefined {
  const hours = createdRanges.find((r) => r.value === filters.created)?.hours ?? 0;
  return hours ? new Date(now - hours * 3_600_000).toISOString() : undefined;
}

/** The query of GET /api/v1/incidents for these filters. */
export function listQuery(filters: IncidentFilters, now: number): { status?: string; service_id?: string; severity?: string; since?: string } {
  const statuses = statusTabs.find((t) => t.value === filters.tab)?.statuses ?? [];
  const since = sinceOf(filters, now);
  return {
    ...(statuses.length > 0 && { status: statuses.join(',') }),
    ...(filters.service && { service_id: filters.service }),
    ...(filters.severity && { severity: filters.severity }),
    ...(since && { since }),
  };
}

/** Whether an incident belongs in the list these filters show (for incidents that changed live). */
export function matchesFilters(incident: { status: string; severity: string; service_id: string; created_at: string }, filters: IncidentFilters, now: number): boolean {
  const statuses: readonly string[] = statusTabs.find((t) => t.value === filters.tab)?.statuses ?? [];
  if (statuses.length > 0 && !statuses.includes(incident.status)) return false;
  if (filters.service && incident.service_id !== filters.service) return false;
  if (filters.severity && incident.severity !== filters.severity) return false;
  const since = sinceOf(filters, now);
  return !since || Date.parse(incident.created_at) >= Date.parse(since);
}
