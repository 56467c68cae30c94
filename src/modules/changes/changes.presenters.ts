import { z } from 'zod';
import type { changes } from './changes.tables.ts';

type ChangeRow = typeof changes.$inferSelect;

/** A change as the API shows it; `custom_details` keeps the sender's structure (GitHub's is documented). */
export const changeView = z.object({
  id: z.uuid(),
  service_id: z.uuid(),
  integration_id: z.uuid(),
  summary: z.string(),
  source: z.string().nullable(),
  custom_details: z.unknown(),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
  timestamp: z.string(),
  created_at: z.string(),
});

export function presentChange(change: ChangeRow): z.infer<typeof changeView> {
  return {
    id: change.id,
    service_id: change.serviceId,
    integration_id: change.integrationId,
    summary: change.summary,
    source: change.source,
    custom_details: change.customDetails ?? null,
    links: change.links,
    timestamp: change.occurredAt.toISOString(),
    created_at: change.createdAt.toISOString(),
  };
}
