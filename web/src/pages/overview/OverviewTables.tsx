import { Link } from 'react-router';
import { formatDuration } from '../../ui/time';
import { type Bucket, bucketLabel, type OpenByService, severities } from './overview-api';

/** Open incidents by service and severity, as a table (the chart's numbers, and the way to each service's list). */
export function OpenByServiceTable({ rows }: { rows: OpenByService[] }) {
  return (
    <div className="table-wrap">
      <table className="table ov-table">
        <caption className="sr-only">Open incidents by service and severity</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Open</th>
            <th scope="col">Triggered</th>
            <th scope="col">Acknowledged</th>
            {severities.map((severity) => (
              <th key={severity} scope="col" className="hide-narrow">
                {severity}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.service_id}>
              <th scope="row">{row.service_name === null ? <span className="muted">Deleted service</span> : <Link to={`/incidents?service_id=${row.service_id}`}>{row.service_name}</Link>}</th>
              <td>{row.total}</td>
              <td className={row.triggered ? 'status-triggered' : undefined}>{row.triggered}</td>
              <td className={row.acknowledged ? 'status-acknowledged' : undefined}>{row.acknowledged}</td>
              {severities.map((severity) => (
                <td key={severity} className="hide-narrow">
                  {row[severity]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const duration = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds));

/** Each bucket's numbers: the volume and response-time charts as a table. */
export function BucketTable({ buckets, unit }: { buckets: Bucket[]; unit: string }) {
  return (
    <div className="table-wrap">
      <table className="table ov-table">
        <caption className="sr-only">Incidents, MTTA and MTTR per {unit}</caption>
        <thead>
          <tr>
            <th scope="col">{unit === 'week' ? 'Week of' : 'Day'}</th>
            <th scope="col">Incidents</th>
            {severities.map((severity) => (
              <th key={severity} scope="col">
                {severity}
              </th>
            ))}
            <th scope="col">Acknowledged</th>
            <th scope="col">MTTA</th>
            <th scope="col">Resolved</th>
            <th scope="col">MTTR</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket) => (
            <tr key={bucket.start}>
              <th scope="row">{bucketLabel(bucket.start)}</th>
              <td>{bucket.incidents}</td>
              {severities.map((severity) => (
                <td key={severity}>{bucket.by_severity[severity]}</td>
              ))}
              <td>{bucket.acknowledged}</td>
              <td>{duration(bucket.mtta_seconds)}</td>
              <td>{bucket.resolved}</td>
              <td>{duration(bucket.mttr_seconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
