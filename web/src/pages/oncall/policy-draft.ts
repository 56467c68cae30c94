import { newKey } from './schedule-draft';
import type { Policy, PolicyBody, Target } from './policies.queries';

export interface LevelDraft {
  key: string;
  delay_minutes: string;
  targets: Target[];
}

export interface PolicyDraft {
  name: string;
  description: string;
  repeat_count: string;
  levels: LevelDraft[];
}

export const newLevel = (): LevelDraft => ({ key: newKey(), delay_minutes: '30', targets: [] });

export const emptyPolicy = (): PolicyDraft => ({ name: '', description: '', repeat_count: '0', levels: [newLevel()] });

export function policyDraftOf(policy: Policy): PolicyDraft {
  return {
    name: policy.name,
    description: policy.description,
    repeat_count: String(policy.repeat_count),
    levels: policy.levels.map((level) => ({ key: newKey(), delay_minutes: String(level.delay_minutes), targets: level.targets.map((target) => ({ ...target })) })),
  };
}

/** Numbers as typed: an empty or odd entry reaches the server, which names the field and says why. */
export function policyBodyOf(draft: PolicyDraft): PolicyBody {
  return {
    name: draft.name,
    description: draft.description,
    repeat_count: Number(draft.repeat_count),
    levels: draft.levels.map((level) => ({ delay_minutes: Number(level.delay_minutes), targets: level.targets })),
  };
}
