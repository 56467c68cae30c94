import type { EscalationLevel, StoredLayer } from './oncall.tables.ts';

interface NamedSchedule {
  id: string;
  name: string;
  layers: StoredLayer[];
}
interface NamedPolicy {
  id: string;
  name: string;
  levels: EscalationLevel[];
}

/** What taking a user out of on-call does: refused where it would empty something, else the rewritten rows. */
export interface ReleasePlan {
  /** Schedules with a layer of only this user, policies with a level that targets only them: these block it. */
  blockedBy: { schedules: string[]; policies: string[] };
  schedules: NamedSchedule[];
  policies: NamedPolicy[];
}

const layerUsers = (layer: StoredLayer): string[] => (Array.isArray(layer['users']) ? layer['users'].filter((id): id is string => typeof id === 'string') : []);

/**
 * The schedules and policies (those that name the user) without the user: each layer keeps its other users in
 * rotation order, each level its other targets in order; nothing else changes.
 */
export function planRelease(userId: string, schedules: readonly NamedSchedule[], policies: readonly NamedPolicy[]): ReleasePlan {
  const names = (ids: string[]) => ids.filter((id) => id !== userId);
  const isUser = (target: EscalationLevel['targets'][number]) => target.type === 'user' && target.id === userId;
  const rewritten = schedules.map((schedule) => ({
    ...schedule,
    layers: schedule.layers.map((layer) => (layerUsers(layer).includes(userId) ? { ...layer, users: names(layerUsers(layer)) } : layer)),
  }));
  const rewrittenPolicies = policies.map((policy) => ({ ...policy, levels: policy.levels.map((level) => ({ ...level, targets: level.targets.filter((target) => !isUser(target)) })) }));
  return {
    blockedBy: {
      schedules: rewritten.filter((schedule) => schedule.layers.some((layer) => layerUsers(layer).length === 0)).map((schedule) => schedule.name),
      policies: rewrittenPolicies.filter((policy) => policy.levels.some((level) => level.targets.length === 0)).map((policy) => policy.name),
    },
    schedules: rewritten,
    policies: rewrittenPolicies,
  };
}
