import type { Deps } from '../../app/deps.ts';
import { acknowledgeIncident, addNote, createIncident, resolveIncident } from '../incidents/incidents.commands.ts';
import type { Actor } from '../orgs/actor.ts';
import { depsAt } from './demo-deps.ts';
import { actorFor, someoneElse } from './demo-people.ts';
import type { PlannedIncident } from './demo-plan.ts';

export interface ReplayContext {
  caller: Actor;
  serviceIds: ReadonlyMap<string, string>;
  team: readonly string[];
  /** Who was paged first for this incident (the one who opens and acknowledges it). */
  responderOf: (incident: PlannedIncident) => string;
}

type Step = { at: Date; run: (deps: Deps) => Promise<unknown> };

/**
 * Replays a planned incident through the incident commands, each at its own time: opened by hand by the
 * responder, acknowledged, noted and resolved. Its service must have no escalation policy yet, so nothing of
 * the past starts an escalation that would page anyone now.
 */
export async function replayIncident(deps: Deps, context: ReplayContext, planned: PlannedIncident): Promise<void> {
  const responderId = context.responderOf(planned);
  const responder = actorFor(context.caller, responderId);
  const other = actorFor(context.caller, someoneElse(context.team, responderId, planned.picks[1]));
  const incident = await createIncident(depsAt(deps, planned.createdAt), responder, {
    service_id: context.serviceIds.get(planned.service.key)!,
    title: planned.title,
    severity: planned.severity,
  });
  const steps: Step[] = planned.notes.map((note) => ({ at: note.at, run: (at) => addNote(at, note.byOther ? other : responder, incident.id, note.text) }));
  if (planned.acknowledgedAt) steps.push({ at: planned.acknowledgedAt, run: (at) => acknowledgeIncident(at, responder, incident.id) });
  if (planned.resolvedAt) {
    const resolver = planned.resolvedByOther ? other : responder;
    steps.push({ at: planned.resolvedAt, run: (at) => resolveIncident(at, resolver, incident.id) });
  }
  // By time (a stable sort: at one instant notes, then the acknowledgement, then the resolution).
  for (const step of steps.sort((a, b) => a.at.getTime() - b.at.getTime())) await step.run(depsAt(deps, step.at));
}
