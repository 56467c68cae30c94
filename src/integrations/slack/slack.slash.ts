import { and, asc, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { AppError } from '../../http/errors.ts';
import { acknowledgeIncident, createIncident, resolveIncident } from '../../modules/incidents/incidents.commands.ts';
import { incidents } from '../../modules/incidents/incidents.tables.ts';
import { oncallsNow } from '../../modules/oncall/oncalls.routes.ts';
import { type Actor, authorize } from '../../modules/orgs/actor.ts';
import { services } from '../../modules/services/services.tables.ts';
import { escapeMrkdwn } from './slack.blocks.ts';

export type SlashCommand =
  | { kind: 'help' }
  | { kind: 'acknowledge' | 'resolve'; number: number }
  | { kind: 'oncall' }
  | { kind: 'create'; service: string; title: string }
  | { kind: 'invalid'; problem: string };

export const SLASH_HELP = [
  '*Vigil* — what `/vigil` does:',
  '• `/vigil ack <number>` acknowledges incident #<number>',
  '• `/vigil resolve <number>` resolves it',
  '• `/vigil oncall` tells who is on call now',
  '• `/vigil incident create <service name>: <title>` opens an incident on a service',
  '• `/vigil help` shows this',
].join('\n');

/** Reads the text after `/vigil`. Pure: the table of cases is in slack.slash.test.ts. */
export function parseSlashCommand(text: string): SlashCommand {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const [verb = '', ...rest] = trimmed.split(' ');
  const argument = rest.join(' ');
  switch (verb.toLowerCase()) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'ack':
    case 'acknowledge':
    case 'resolve': {
      const kind = verb.toLowerCase() === 'resolve' ? 'resolve' : 'acknowledge';
      const match = /^#?(\d{1,9})$/.exec(argument);
      if (!match) return { kind: 'invalid', problem: `Say which incident by its number: \`/vigil ${verb.toLowerCase()} 42\`.` };
      return { kind, number: Number(match[1]) };
    }
    case 'oncall':
    case 'on-call':
    case 'who':
      return { kind: 'oncall' };
    case 'incident': {
      const create = /^create (.+)$/i.exec(argument);
      const colon = create?.[1]?.indexOf(':') ?? -1;
      if (!create || colon <= 0) return { kind: 'invalid', problem: 'Open an incident with `/vigil incident create <service name>: <title>`.' };
      const service = create[1]!.slice(0, colon).trim();
      const title = create[1]!.slice(colon + 1).trim();
      if (!service || !title) return { kind: 'invalid', problem: 'Both a service name and a title are needed: `/vigil incident create checkout: payments failing`.' };
      if (title.length > 1024) return { kind: 'invalid', problem: 'The title is longer than 1,024 characters.' };
      return { kind: 'create', service, title };
    }
    default:
      return { kind: 'invalid', problem: `\`${escapeMrkdwn(verb.slice(0, 40))}\` is not a Vigil command.` };
  }
}

async function incidentByNumber(deps: Deps, orgId: string, number: number) {
  const [row] = await deps.store.db
    .select({ id: incidents.id, status: incidents.status, title: incidents.title })
    .from(incidents)
    .where(and(eq(incidents.orgId, orgId), eq(incidents.number, number)));
  return row;
}

/** Runs a parsed command as the Vigil user; the answer is Slack mrkdwn, shown only to them. */
export async function runSlashCommand(deps: Deps, actor: Actor, command: SlashCommand): Promise<string> {
  try {
    switch (command.kind) {
      case 'help':
        return SLASH_HELP;
      case 'invalid':
        return `${command.problem}\n\n${SLASH_HELP}`;
      case 'oncall':
        return await whoIsOnCall(deps, actor.orgId);
      case 'acknowledge':
      case 'resolve': {
        authorize(actor, 'responder');
        const incident = await incidentByNumber(deps, actor.orgId, command.number);
        if (!incident) return `There is no incident #${command.number}.`;
        const title = escapeMrkdwn(incident.title);
        if (incident.status === 'resolved') return `#${command.number} ${title} is resolved already.`;
        if (command.kind === 'acknowledge' && incident.status === 'acknowledged') return `#${command.number} ${title} is acknowledged already.`;
        await (command.kind === 'acknowledge' ? acknowledgeIncident : resolveIncident)(deps, actor, incident.id);
        return `${command.kind === 'acknowledge' ? 'Acknowledged' : 'Resolved'} #${command.number} ${title}.`;
      }
      case 'create': {
        authorize(actor, 'responder');
        const [service] = await deps.store.db
          .select({ id: services.id, name: services.name })
          .from(services)
          .where(and(eq(services.orgId, actor.orgId), sql`lower(${services.name}) = ${command.service.toLowerCase()}`));
        if (!service) {
          const known = await deps.store.db.select({ name: services.name }).from(services).where(eq(services.orgId, actor.orgId)).orderBy(asc(services.name)).limit(20);
          const list = known.length > 0 ? ` Services: ${known.map((row) => escapeMrkdwn(row.name)).join(', ')}.` : ' This organisation has no services yet.';
          return `There is no service named “${escapeMrkdwn(command.service)}”.${list}`;
        }
        const incident = await createIncident(deps, actor, { service_id: service.id, title: command.title, severity: 'critical', details: 'from Slack' });
        return `Opened #${incident.number} ${escapeMrkdwn(incident.title)} on ${escapeMrkdwn(service.name)}.`;
      }
    }
  } catch (error) {
    if (error instanceof AppError && error.statusCode < 500) return error.message;
    throw error;
  }
}

async function whoIsOnCall(deps: Deps, orgId: string): Promise<string> {
  const entries = await oncallsNow(deps, orgId);
  if (entries.length === 0) return 'Nobody is on call now: no escalation policy has anyone to page.';
  const byPolicy = new Map<string, string[]>();
  for (const entry of entries) {
    const until = entry.end ? ` until <!date^${Math.floor(new Date(entry.end).getTime() / 1000)}^{date_short_pretty} {time}|${entry.end}>` : '';
    const via = entry.schedule ? ` (${escapeMrkdwn(entry.schedule.name)}${until})` : '';
    const lines = byPolicy.get(entry.escalation_policy.name) ?? [];
    lines.push(`  level ${entry.level}: ${escapeMrkdwn(entry.user.name)}${via}`);
    byPolicy.set(entry.escalation_policy.name, lines);
  }
  return ['*On call now*', ...[...byPolicy].flatMap(([policy, lines]) => [`*${escapeMrkdwn(policy)}*`, ...lines])].join('\n');
}
