import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Bus } from '../../ports/bus.ts';

export interface Viewer {
  user_id: string;
  name: string;
}

/** What one process says about one incident: who of its clients looks at it now. */
interface Announcement {
  process: string;
  org: string;
  incident: string;
  viewers: Viewer[];
}

const PRESENCE_CHANNEL = 'presence';

/**
 * Who is looking at which incident, across processes. Each process announces its own clients' views on the
 * bus when they change and again on every heartbeat; an announcement not renewed within three heartbeats
 * (its process died) is forgotten.
 */
export class Presence {
  private readonly processId = randomUUID();
  /** This process's clients by incident. */
  private readonly local = new Map<string, { org: string; viewers: Map<object, Viewer> }>();
  /** Other processes' announcements: process → incident → viewers. */
  private readonly remote = new Map<string, Map<string, { org: string; viewers: Viewer[]; expiresAt: number }>>();

  constructor(
    private readonly bus: Bus,
    private readonly ttlMs: number,
    private readonly onChange: (org: string, incident: string, viewers: Viewer[]) => void,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.bus.subscribe(PRESENCE_CHANNEL, (payload) => this.received(JSON.parse(payload) as Announcement));
  }

  /** The client now looks at `incident` (or at none): it stops looking at the one before. */
  view(client: object, org: string, viewer: Viewer, incident: string | null): void {
    const before = this.leave(client, false);
    if (incident !== null) {
      let entry = this.local.get(incident);
      if (!entry) {
        entry = { org, viewers: new Map() };
        this.local.set(incident, entry);
      }
      entry.viewers.set(client, viewer);
    }
    for (const changed of new Set([before, incident])) if (changed) this.changed(org, changed);
  }

  /** The client left (closed, or looks elsewhere); returns the incident it was looking at. */
  leave(client: object, announce = true): string | undefined {
    for (const [incident, entry] of this.local) {
      if (!entry.viewers.delete(client)) continue;
      if (entry.viewers.size === 0) this.local.delete(incident);
      if (announce) this.changed(entry.org, incident);
      return incident;
    }
    return undefined;
  }

  /** Everyone looking at the incident, each user once, from every process. */
  viewers(incident: string): Viewer[] {
    const now = Date.now();
    const all = [...(this.local.get(incident)?.viewers.values() ?? [])];
    for (const announcements of this.remote.values()) {
      const entry = announcements.get(incident);
      if (entry && entry.expiresAt > now) all.push(...entry.viewers);
    }
    return [...new Map(all.map((viewer) => [viewer.user_id, viewer])).values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Renews this process's announcements and forgets others' that expired (each heartbeat). */
  refresh(): void {
    for (const [incident, entry] of this.local) this.announce(entry.org, incident);
    const now = Date.now();
    for (const [process, announcements] of this.remote) {
      for (const [incident, entry] of announcements) {
        if (entry.expiresAt > now) continue;
        announcements.delete(incident);
        this.onChange(entry.org, incident, this.viewers(incident));
      }
      if (announcements.size === 0) this.remote.delete(process);
    }
  }

  private changed(org: string, incident: string): void {
    this.announce(org, incident);
    this.onChange(org, incident, this.viewers(incident));
  }

  private announce(org: string, incident: string): void {
    const announcement: Announcement = { process: this.processId, org, incident, viewers: [...(this.local.get(incident)?.viewers.values() ?? [])] };
    this.bus.publish(PRESENCE_CHANNEL, JSON.stringify(announcement)).catch((error: unknown) => this.log.warn({ err: error }, 'presence announcement failed'));
  }

  private received(announcement: Announcement): void {
    if (announcement.process === this.processId) return;
    let announcements = this.remote.get(announcement.process);
    if (!announcements) {
      announcements = new Map();
      this.remote.set(announcement.process, announcements);
    }
    const before = JSON.stringify(this.viewers(announcement.incident));
    if (announcement.viewers.length === 0) announcements.delete(announcement.incident);
    else announcements.set(announcement.incident, { org: announcement.org, viewers: announcement.viewers, expiresAt: Date.now() + this.ttlMs });
    const after = this.viewers(announcement.incident);
    if (JSON.stringify(after) !== before) this.onChange(announcement.org, announcement.incident, after);
  }
}
