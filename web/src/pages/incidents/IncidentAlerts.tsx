import type { IncidentDetail } from '../../api/types';
import { SeverityBadge, StatusBadge } from '../../ui/badges';
import { Empty } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { Time } from '../../ui/time';

type Alert = IncidentDetail['alerts'][number];

/** Only web links become anchors: a `javascript:` or `data:` href from a monitor must never be clickable. */
function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Everything an alert says is data from outside: shown as text, never as markup. */
export function IncidentAlerts({ alerts }: { alerts: Alert[] }) {
  return (
    <Section title={`Alerts (${alerts.length})`}>
      {alerts.length === 0 ? <Empty>No alerts: this incident was opened by hand.</Empty> : alerts.map((alert) => <AlertCard key={alert.id} alert={alert} />)}
    </Section>
  );
}

function AlertCard({ alert }: { alert: Alert }) {
  const facts: Array<[string, string | null]> = [
    ['Dedup key', alert.dedup_key],
    ['Source', alert.source],
    ['Component', alert.component],
    ['Group', alert.group],
    ['Class', alert.class],
    ['Events', String(alert.event_count)],
  ];
  const links = [...alert.links.map((link) => ({ href: link.href, text: link.text ?? link.href })), ...alert.images.map((image) => ({ href: image.href ?? image.src, text: image.alt ?? 'Image' }))];
  const client = alert.client_url ? safeHref(alert.client_url) : undefined;
  return (
    <article className="alert-card" aria-label={`Alert: ${alert.summary}`}>
      <div className="row">
        <SeverityBadge severity={alert.severity} />
        <StatusBadge status={alert.status} />
        <span className="muted">
          first <Time iso={alert.created_at} />, last <Time iso={alert.last_event_at} />
        </span>
      </div>
      <p className="alert-summary">{alert.summary}</p>
      <dl className="alert-facts">
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{label === 'Dedup key' ? <code>{value}</code> : value}</dd>
            </div>
          ))}
      </dl>
      {links.length > 0 || client ? (
        <ul className="plain-list">
          {client ? (
            <li>
              <a href={client} target="_blank" rel="noopener noreferrer">
                {alert.client ?? 'Open in the monitoring tool'}
              </a>
            </li>
          ) : null}
          {links.map((link, index) => {
            const href = safeHref(link.href);
            return (
              <li key={index}>
                {href ? (
                  <a href={href} target="_blank" rel="noopener noreferrer">
                    {link.text}
                  </a>
                ) : (
                  <span>
                    {link.text} <span className="muted">({link.href})</span>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      <Details details={alert.custom_details} />
    </article>
  );
}

function Details({ details }: { details: unknown }) {
  if (details === null || details === undefined || (typeof details === 'object' && Object.keys(details).length === 0)) return null;
  const rows: Array<[string, unknown]> = typeof details === 'object' && !Array.isArray(details) ? Object.entries(details) : [['value', details]];
  return (
    <div className="table-wrap">
      <table className="table details-table">
        <caption className="sr-only">Details</caption>
        <tbody>
          {rows.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td>
                <DetailValue value={value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DetailValue({ value }: { value: unknown }) {
  if (typeof value === 'object' && value !== null) return <pre>{JSON.stringify(value, null, 2)}</pre>;
  const text = String(value);
  const href = typeof value === 'string' && /^https?:\/\//.test(value) ? safeHref(value) : undefined;
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
  ) : (
    <>{text}</>
  );
}
