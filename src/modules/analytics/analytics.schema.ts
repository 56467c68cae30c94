import { z } from 'zod';
import { inStoreRange } from '../../http/validation.ts';
import { timeZone } from '../oncall/schedule-definition.ts';

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
  .refine((value) => Number.isNaN(Date.parse(value)) || inStoreRange(new Date(value)), 'must be a date-time between the years 1 and 9999')
  .transform((value) => new Date(value));

export const overviewQuery = z.strictObject({
  since: instant.optional().describe('Start of the range (moved back to the start of its bucket); default: 30 days before until, today included'),
  until: instant.optional().describe('End of the range (exclusive); default: now'),
  bucket: z.enum(['day', 'week']).default('day').describe('Bucket size: local days, or ISO weeks starting on Monday'),
  time_zone: timeZone.default('UTC').describe('IANA time zone whose days and weeks the buckets are'),
  service_id: z.uuid().optional().describe("Only this service's incidents"),
});

const count = z.number().int();
const seconds = z.number().nullable();
const bySeverity = z.object({ critical: count, error: count, warning: count, info: count });

const openByService = z.object({
  service_id: z.uuid(),
  service_name: z.string().nullable().describe('Null when the service has been deleted'),
  total: count,
  triggered: count,
  acknowledged: count,
  critical: count,
  error: count,
  warning: count,
  info: count,
});

const bucketView = z.object({
  start: z.string().describe('Start of the local day or week, as an instant'),
  incidents: count.describe('Incidents opened in the bucket'),
  by_severity: bySeverity,
  acknowledged: count.describe('Of those, how many have been acknowledged'),
  mtta_seconds: seconds.describe('Mean time from opening to acknowledgement of those acknowledged; null if none'),
  resolved: count.describe('Of those, how many have been resolved'),
  mttr_seconds: seconds.describe('Mean time from opening to resolution of those resolved; null if none'),
});

export const overviewView = z.object({
  since: z.string(),
  until: z.string().describe('The given until, or when the answer was computed'),
  bucket: z.enum(['day', 'week']),
  time_zone: z.string(),
  service_id: z.uuid().nullable(),
  open: z.object({ total: count, by_severity: bySeverity, by_service: z.array(openByService) }).describe('Incidents open now (triggered or acknowledged)'),
  buckets: z.array(bucketView),
  totals: z.object({
    incidents: count,
    by_severity: bySeverity,
    acknowledged: count,
    mtta_seconds: seconds,
    median_tta_seconds: seconds.describe('Median (p50) time to acknowledge'),
    resolved: count,
    mttr_seconds: seconds,
    median_ttr_seconds: seconds.describe('Median (p50) time to resolve'),
  }),
});

export type OverviewView = z.output<typeof overviewView>;
