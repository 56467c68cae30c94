import { useState } from 'react';
import { Link } from 'react-router';
import { canWrite, useMe } from '../../app/session';
import { Empty, ErrorNotice, Loading, MorePages } from '../../ui/feedback';
import { Page } from '../../ui/page';
import { Time } from '../../ui/time';
import { CreateServiceDialog } from './CreateServiceDialog';
import { OpenCounts } from './OpenCounts';
import { ServiceStatus } from './ServiceStatus';
import { usePolicies, useServiceList } from './services-api';
import './services.css';

/** Every service with its health: open incidents, newest event, status and escalation policy. */
export function ServicesPage() {
  const me = useMe();
  const list = useServiceList();
  const policies = usePolicies();
  const [creating, setCreating] = useState(false);
  const writable = canWrite(me.data?.role);
  const services = list.data?.pages.flatMap((page) => page.services) ?? [];
  const policyName = (id: string | null) => (id ? (policies.data?.find((policy) => policy.id === id)?.name ?? 'Unknown policy') : null);
  return (
    <Page
      title="Services"
      subtitle="What you run, where its alerts come from, and who is paged for it."
      actions={
        writable ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New service
          </button>
        ) : null
      }
    >
      {list.error ? <ErrorNotice error={list.error} /> : null}
      {list.isPending ? <Loading label="Loading services" /> : null}
      {list.data && services.length === 0 ? (
        <Empty>
          No services yet.{' '}
          {writable ? (
            <button type="button" className="btn btn-small" onClick={() => setCreating(true)}>
              Create the first one
            </button>
          ) : null}
        </Empty>
      ) : null}
      {services.length > 0 ? (
        <div className="card table-wrap">
          <table className="table svc-table">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Status</th>
                <th scope="col">Open incidents</th>
                <th scope="col">Last event</th>
                <th scope="col" className="hide-narrow">
                  Escalation policy
                </th>
              </tr>
            </thead>
            <tbody>
              {services.map((service) => (
                <tr key={service.id}>
                  <td>
                    <Link to={`/services/${service.id}`} className="svc-name">
                      {service.name}
                    </Link>
                    {service.description ? <div className="muted svc-description">{service.description}</div> : null}
                  </td>
                  <td>
                    <ServiceStatus status={service.status} maintenanceUntil={service.maintenance_until} />
                  </td>
                  <td>
                    <OpenCounts open={service.open_incidents} />
                  </td>
                  <td>
                    <Time iso={service.last_event_at} />
                  </td>
                  <td className="hide-narrow">{policyName(service.escalation_policy_id) ?? <span className="muted">None: nobody is paged</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <MorePages query={list} label="Show more services" />
      <CreateServiceDialog open={creating} onOpenChange={setCreating} policies={policies.data ?? []} />
    </Page>
  );
}
