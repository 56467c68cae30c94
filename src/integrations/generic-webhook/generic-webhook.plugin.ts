import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { severities, type AcceptedEvent } from '../../modules/events/event.ts';
import { authorize } from '../../modules/orgs/actor.ts';
import { actorOf } from '../../modules/orgs/authenticate.ts';
import { integrations } from '../../modules/services/services.tables.ts';
import type { IntegrationPlugin } from '../integration-plugin.ts';
import { applyMapping, compileMapping, compiledMappingOf, mappingSchema, type GenericWebhookSettings } from './generic-webhook.mapping.ts';

const testMappingBody = z.strictObject({
  body: z.unknown().refine((value) => value !== undefined, 'is required').describe('A sample body, as the tool would post it'),
  mapping: mappingSchema.optional().describe('A mapping to try instead of the saved one (nothing is saved)'),
  default_severity: z.enum(severities).optional(),
});

const detail = z.object({ field: z.string(), message: z.string() });
const testMappingResult = z.object({
  valid: z.boolean(),
  event: z
    .object({
      event_action: z.string(),
      dedup_key: z.string(),
      payload: z.object({
        summary: z.string().optional(),
        source: z.string().optional(),
        severity: z.string().optional(),
        timestamp: z.string().optional(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        custom_details: z.unknown(),
      }),
      links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
    })
    .nullable(),
  errors: z.array(detail),
  warnings: z.array(z.string()),
});

function present(event: AcceptedEvent) {
  if (event.kind !== 'alert') throw new Error('a mapping makes alert events only');
  const { payload } = event;
  return {
    event_action: event.action,
    dedup_key: event.dedupKey,
    payload: {
      summary: payload.summary,
      source: payload.source,
      severity: payload.severity,
      timestamp: payload.timestamp,
      component: payload.component,
      group: payload.group,
      class: payload.class,
      custom_details: payload.customDetails,
    },
    links: payload.links,
  };
}

/** `POST /api/v1/integrations/{id}/test-mapping`: what a sample body would become, stored nowhere. */
export const genericWebhookPlugin: IntegrationPlugin = {
  name: 'generic-webhook',
  apiRoutes: ({ deps }): FastifyPluginAsyncZod => async (api) => {
    api.post(
      '/integrations/:id/test-mapping',
      {
        schema: {
          tags: ['Services and integrations'],
          summary: "Try a generic webhook integration's mapping on a sample body; nothing is stored",
          params: uuidParam,
          body: testMappingBody,
          response: { 200: testMappingResult },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        const [row] = await deps.store.db
          .select({ id: integrations.id, type: integrations.type, settings: integrations.settings })
          .from(integrations)
          .where(and(eq(integrations.id, request.params.id), eq(integrations.orgId, actor.orgId)));
        if (!row) throw notFound('Integration');
        if (row.type !== 'generic_webhook') {
          throw new AppError('unprocessable', `Integration ${row.id} is a ${row.type} integration; only generic_webhook integrations have a mapping.`, [{ field: 'id', message: `is a ${row.type} integration` }]);
        }
        const saved = row.settings as Partial<GenericWebhookSettings>;
        const mapping = request.body.mapping ?? saved.mapping;
        if (!mapping) throw new AppError('unprocessable', 'mapping: the integration has no saved mapping; give one to try', [{ field: 'mapping', message: 'is required: none is saved' }]);
        const compiled = request.body.mapping ? compileMapping(request.body.mapping) : compiledMappingOf(row.id, mapping);
        try {
          const { event, warnings } = await applyMapping(compiled, request.body.body, request.body.default_severity ?? saved.default_severity);
          return { valid: true, event: present(event), errors: [], warnings };
        } catch (error) {
          if (error instanceof AppError && error.statusCode < 500) return { valid: false, event: null, errors: error.details.length > 0 ? error.details : [{ field: 'body', message: error.message }], warnings: [] };
          throw error;
        }
      },
    );
  },
};
