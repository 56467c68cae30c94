import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { type OverviewFilters as Filters, useOverview } from './overview-api';
import { OverviewFilters } from './OverviewFilters';
import { OverviewStats } from './OverviewStats';
import { BucketTable, OpenByServiceTable } from './OverviewTables';
import './overview.css';

// ECharts loads only when the overview is opened, in a chunk of its own.
const charts = () => import('./OverviewCharts');
const OpenByServiceChart = lazy(() => charts().then((m) => ({ default: m.OpenByServiceChart })));
const VolumeChart = lazy(() => charts().then((m) => ({ default: m.VolumeChart })));
const ResponseTimesChart = lazy(() => charts().then((m) => ({ default: m.ResponseTimesChart })));

function filtersOf(search: URLSearchParams): Filters {
  const days = Number(search.get('days'));
  return {
    days: days === 7 || days === 90 ? days : 30,
    bucket: search.get('bucket') === 'week' ? 'week' : 'day',
    serviceId: search.get('service_id') ?? '',
  };
}

/** Open incidents by service and severity, incident volume, MTTA and MTTR over time: aggregated by the server. */
export function OverviewPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  const overview = useOverview(filters);
  // From the address as it is when applied: two quick changes in a row both stay.
  const setFilters = (change: Partial<Filters>) =>
    setSearch(
      (current) => {
        const next = { ...filtersOf(current), ...change };
        return { ...(next.days !== 30 && { days: String(next.days) }), ...(next.bucket !== 'day' && { bucket: next.bucket }), ...(next.serviceId && { service_id: next.serviceId }) };
      },
      { replace: true },
    );
  const data = overview.data;
  const unit = data?.bucket ?? filters.bucket;
  return (
    <Page title="Overview" subtitle="How incidents are going: what is open now, how many opened, and how fast they were acknowledged and resolved." actions={overview.isPlaceholderData ? <span className="muted" role="status">Updating…</span> : null}>
      <OverviewFilters filters={filters} onChange={setFilters} />
      {overview.error ? <ErrorNotice error={overview.error} title="Could not load the overview" /> : null}
      {!data && !overview.error ? <Loading label="Loading the overview" /> : null}
      {data ? (
        <>
          <OverviewStats data={data} />
          <Section title="Open incidents by service">
            {data.open.by_service.length === 0 ? (
              <Empty>Nothing is open.</Empty>
            ) : (
              <div className="stack">
                <Suspense fallback={<Loading label="Drawing the chart" />}>
                  <OpenByServiceChart rows={data.open.by_service} />
                </Suspense>
                <OpenByServiceTable rows={data.open.by_service} />
              </div>
            )}
          </Section>
          {data.totals.incidents === 0 ? (
            <Section title="Incident volume">
              <Empty>No incidents opened in this range.</Empty>
            </Section>
          ) : (
            <div className="ov-charts">
              <Section title="Incident volume">
                <Suspense fallback={<Loading label="Drawing the chart" />}>
                  <VolumeChart buckets={data.buckets} unit={unit} total={data.totals.incidents} />
                </Suspense>
              </Section>
              <Section title="MTTA and MTTR (minutes)">
                <Suspense fallback={<Loading label="Drawing the chart" />}>
                  <ResponseTimesChart buckets={data.buckets} unit={unit} totals={data.totals} />
                </Suspense>
              </Section>
            </div>
          )}
          {data.totals.incidents > 0 ? (
            <details className="card ov-numbers">
              <summary>Numbers per {unit}</summary>
              <BucketTable buckets={data.buckets} unit={unit} />
            </details>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
