import { formatDuration } from '../../ui/time';
import { type Overview, severities } from './overview-api';

function Stat({ label, value, tone, hint }: { label: string; value: string | number; tone?: string | undefined; hint?: string }) {
  return (
    <div className="card ov-stat">
      <dt>{label}</dt>
      <dd className={tone ? `stat ${tone}` : 'stat'} title={hint}>
        {value}
      </dd>
    </div>
  );
}

const duration = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds));

/** Headline numbers: what is open now by severity, and the range's totals and response times. */
export function OverviewStats({ data }: { data: Overview }) {
  const { open, totals } = data;
  return (
    <>
      <section aria-labelledby="ov-open-now">
        <h2 id="ov-open-now" className="ov-heading">
          Open now
        </h2>
        <dl className="ov-stats">
          <Stat label="Open incidents" value={open.total} tone={open.total > 0 ? 'status-triggered' : undefined} />
          {severities.map((severity) => (
            <Stat key={severity} label={`${severity[0]!.toUpperCase()}${severity.slice(1)}`} value={open.by_severity[severity]} tone={open.by_severity[severity] > 0 ? `sev-${severity}` : undefined} />
          ))}
        </dl>
      </section>
      <section aria-labelledby="ov-range-totals">
        <h2 id="ov-range-totals" className="ov-heading">
          In this range
        </h2>
        <dl className="ov-stats">
          <Stat label="Incidents" value={totals.incidents} />
          <Stat label="MTTA" value={duration(totals.mtta_seconds)} hint="Mean time to acknowledge" />
          <Stat label="Median TTA" value={duration(totals.median_tta_seconds)} hint="Median time to acknowledge" />
          <Stat label="MTTR" value={duration(totals.mttr_seconds)} hint="Mean time to resolve" />
          <Stat label="Median TTR" value={duration(totals.median_ttr_seconds)} hint="Median time to resolve" />
        </dl>
      </section>
    </>
  );
}
