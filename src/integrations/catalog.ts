import type { IntegrationKind } from './integration-kind.ts';
import { changeEventsKind, eventsApiV2Kind } from './pagerduty/pagerduty.kind.ts';

/** Every integration type this build can create, by its `type`. */
const kinds: IntegrationKind[] = [eventsApiV2Kind, changeEventsKind];

export const integrationKinds: ReadonlyMap<string, IntegrationKind> = new Map(kinds.map((kind) => [kind.type, kind]));

export function integrationKind(type: string): IntegrationKind | undefined {
  return integrationKinds.get(type);
}
