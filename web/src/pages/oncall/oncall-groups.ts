import type { Answer } from '../../api/types';

export type Oncall = Answer<'/api/v1/oncalls', 'get'>['oncalls'][number];

export interface PolicyGroup {
  policy: Oncall['escalation_policy'];
  levels: Array<{ level: number; entries: Oncall[] }>;
}

/** GET /oncalls' flat list as policies (in the server's order) holding their levels; `filter` matches any name. */
export function groupOncalls(entries: Oncall[], filter: string): PolicyGroup[] {
  const needle = filter.trim().toLowerCase();
  const matches = (entry: Oncall) =>
    !needle || [entry.user.name, entry.user.email, entry.schedule?.name ?? '', entry.escalation_policy.name].some((text) => text.toLowerCase().includes(needle));
  const groups = new Map<string, PolicyGroup>();
  for (const entry of entries.filter(matches)) {
    let group = groups.get(entry.escalation_policy.id);
    if (!group) {
      group = { policy: entry.escalation_policy, levels: [] };
      groups.set(entry.escalation_policy.id, group);
    }
    let level = group.levels.find((candidate) => candidate.level === entry.level);
    if (!level) {
      level = { level: entry.level, entries: [] };
      group.levels.push(level);
    }
    level.entries.push(entry);
  }
  for (const group of groups.values()) group.levels.sort((a, b) => a.level - b.level);
  return [...groups.values()];
}
