import type { escalationPolicies } from './oncall.tables.ts';

export function presentPolicy(policy: typeof escalationPolicies.$inferSelect) {
  return {
    id: policy.id,
    name: policy.name,
    description: policy.description,
    repeat_count: policy.repeatCount,
    levels: policy.levels,
    created_at: policy.createdAt.toISOString(),
    updated_at: policy.updatedAt.toISOString(),
  };
}
