import type { Severity } from '../events/event.ts';
import type { UrgencyRule } from '../services/urgency.ts';

export type PolicyKey = 'platform' | 'payments' | 'sun';

/** When a service's incidents tend to start: office hours (deploys, traffic) or the nightly batch window. */
type Rhythm = 'daytime' | 'nightly';

interface DemoIncidentTemplate {
  title: string;
  severity: Severity;
}

export interface DemoService {
  key: string;
  name: string;
  description: string;
  urgency: UrgencyRule;
  policy: PolicyKey;
  integration: { type: string; name: string };
  /** Share of the incidents this service has. */
  weight: number;
  rhythm: Rhythm;
  incidents: DemoIncidentTemplate[];
  notes: string[];
}

const t = (severity: Severity, title: string): DemoIncidentTemplate => ({ title, severity });

export const demoServices: DemoService[] = [
  {
    key: 'checkout',
    name: 'Checkout API',
    description: 'Cart, pricing and order placement for the web shop and the mobile apps.',
    urgency: 'high',
    policy: 'platform',
    integration: { type: 'events_api_v2', name: 'Checkout SLO alerts' },
    weight: 24,
    rhythm: 'daytime',
    incidents: [
      t('critical', '5xx rate above 5% on checkout-api'),
      t('error', 'p99 latency above 2s on POST /orders'),
      t('error', 'checkout-api pods crash-looping (OOMKilled)'),
      t('warning', 'Promo code validation timing out'),
      t('warning', 'Elevated 4xx on /cart/items after deploy'),
    ],
    notes: ['Rolled back to the previous release; error rate back to normal.', 'Scaled checkout-api from 6 to 10 replicas.', 'Root cause: database connection pool exhausted after the afternoon deploy.'],
  },
  {
    key: 'payments',
    name: 'Payments',
    description: 'Card authorisation and capture through Stripe and Adyen; refunds and settlement reports.',
    urgency: 'high',
    policy: 'payments',
    integration: { type: 'alertmanager', name: 'Payments Prometheus' },
    weight: 16,
    rhythm: 'daytime',
    incidents: [
      t('critical', 'Stripe authorisation failures above 3%'),
      t('error', 'Adyen webhook backlog over 500 messages'),
      t('warning', 'Refund job failed: idempotency key conflict'),
      t('warning', 'Payment provider latency degraded (eu-west)'),
      t('info', 'Settlement report missing for yesterday'),
    ],
    notes: ['Stripe status page confirms elevated errors in eu-west; failing over to Adyen.', 'Replayed the webhook backlog; queue drained.', 'Retried the refunds by hand; finance informed.'],
  },
  {
    key: 'search',
    name: 'Search',
    description: 'Product search and autocomplete on the OpenSearch cluster.',
    urgency: 'severity_based',
    policy: 'sun',
    integration: { type: 'grafana', name: 'Search Grafana alerts' },
    weight: 18,
    rhythm: 'daytime',
    incidents: [
      t('critical', 'Autocomplete returning empty results'),
      t('error', 'Search p95 latency above 800ms'),
      t('error', 'JVM heap above 90% on search-data-2'),
      t('warning', 'OpenSearch cluster health yellow'),
      t('warning', 'Indexer lag over 15 minutes'),
    ],
    notes: ['Replica shards reallocated; cluster green again.', 'Restarted search-data-2 after a long GC pause.', 'Reindex of the catalogue running, ETA 30 minutes.'],
  },
  {
    key: 'identity',
    name: 'Identity & Login',
    description: 'Customer sign-in, sessions, single sign-on and two-factor authentication.',
    urgency: 'severity_based',
    policy: 'platform',
    integration: { type: 'datadog', name: 'Datadog monitors' },
    weight: 12,
    rhythm: 'daytime',
    incidents: [
      t('critical', 'Login error rate above 2%'),
      t('error', 'SSO (Okta) SAML assertion failures'),
      t('error', 'Token refresh endpoint 5xx spike'),
      t('warning', 'Session store Redis memory above 85%'),
      t('warning', '2FA SMS delivery delayed by the provider'),
    ],
    notes: ['Okta rotated its signing certificate; metadata refreshed.', 'Evicted stale sessions; Redis memory at 60%.', 'SMS provider confirms a carrier issue; fallback to e-mail codes enabled.'],
  },
  {
    key: 'pipeline',
    name: 'Data Pipeline',
    description: 'Nightly ETL into the warehouse, order and inventory feeds, Kafka consumers.',
    urgency: 'severity_based',
    policy: 'sun',
    integration: { type: 'events_api_v2', name: 'Airflow alerts' },
    weight: 16,
    rhythm: 'nightly',
    incidents: [
      t('error', 'Nightly orders ETL failed: warehouse load timeout'),
      t('error', 'Kafka consumer lag on orders-events above 100k'),
      t('warning', 'Inventory feed late by more than 2 hours'),
      t('warning', 'dbt model failed: fct_daily_revenue'),
      t('warning', 'Disk 90% full on etl-worker-3'),
    ],
    notes: ['Re-ran the failed DAG from the load step; it completed.', 'Cleared old spill files on etl-worker-3.', 'Upstream supplier feed arrived late; nothing to fix on our side.'],
  },
  {
    key: 'notifications',
    name: 'Customer Notifications',
    description: 'Order confirmation e-mails, SMS and push notifications to customers.',
    urgency: 'severity_based',
    policy: 'sun',
    integration: { type: 'alertmanager', name: 'Notifications Prometheus' },
    weight: 14,
    rhythm: 'daytime',
    incidents: [
      t('critical', 'Order confirmation e-mails delayed over 30 minutes'),
      t('error', 'SendGrid bounce rate above 5%'),
      t('error', 'SMS queue depth over 10k'),
      t('warning', 'Push delivery rate below 95%'),
      t('info', 'APNs certificate expires in 14 days'),
    ],
    notes: ['SendGrid suppressed a sending IP; moved traffic to the second pool.', 'Workers scaled up; queue draining at 2k/min.', 'Certificate renewal ticket filed with the mobile team.'],
  },
];

/** Notes that fit any incident. */
export const commonNotes = ['Looking into it.', 'Customer support reports a handful of tickets about this.', 'Monitoring after the fix; will resolve if it stays quiet.', 'Postmortem to follow.'];
