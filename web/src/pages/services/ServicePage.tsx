import { Tabs } from 'radix-ui';
import { Link, useParams, useSearchParams } from 'react-router';
import { canWrite, useMe } from '../../app/session';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { Page } from '../../ui/page';
import { IntegrationsTab } from './IntegrationsTab';
import { MaintenanceTab } from './MaintenanceTab';
import { RecentChanges } from './RecentChanges';
import { ServiceOverview } from './ServiceOverview';
import { ServiceSettings } from './ServiceSettings';
import { ServiceStatus } from './ServiceStatus';
import { useService } from './services-api';
import './services.css';

const tabs = [
  { value: 'overview', label: 'Overview' },
  { value: 'integrations', label: 'Integrations' },
  { value: 'maintenance', label: 'Maintenance' },
  { value: 'changes', label: 'Recent changes' },
  { value: 'settings', label: 'Settings' },
] as const;

/** One service: health, integrations, maintenance windows, recent changes and settings, one tab each (kept in ?tab=). */
export function ServicePage() {
  const { id = '' } = useParams();
  const service = useService(id);
  const me = useMe();
  const writable = canWrite(me.data?.role);
  const [search, setSearch] = useSearchParams();
  const tab = tabs.some((t) => t.value === search.get('tab')) ? search.get('tab')! : 'overview';
  if (service.error) {
    return (
      <Page title="Service">
        <ErrorNotice error={service.error} title="Could not load this service" />
        <Link to="/services">All services</Link>
      </Page>
    );
  }
  if (!service.data) return <Loading label="Loading the service" />;
  const data = service.data;
  return (
    <Page
      title={data.name}
      subtitle={data.description || undefined}
      actions={
        <>
          <ServiceStatus status={data.status} maintenanceUntil={data.maintenance_until} />
          <Link className="btn" to={`/incidents?service_id=${data.id}`}>
            Incidents
          </Link>
        </>
      }
    >
      <nav aria-label="Breadcrumb" className="svc-breadcrumb">
        <Link to="/services">Services</Link> <span aria-hidden="true">/</span> <span aria-current="page">{data.name}</span>
      </nav>
      <Tabs.Root value={tab} onValueChange={(value) => setSearch(value === 'overview' ? {} : { tab: value }, { replace: true })}>
        <Tabs.List className="tabs-list svc-tabs" aria-label="Service sections">
          {tabs.map((t) => (
            <Tabs.Trigger key={t.value} value={t.value} className="tabs-trigger">
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="overview">
          <ServiceOverview service={data} />
        </Tabs.Content>
        <Tabs.Content value="integrations">
          <IntegrationsTab serviceId={data.id} writable={writable} />
        </Tabs.Content>
        <Tabs.Content value="maintenance">
          <MaintenanceTab serviceId={data.id} writable={writable} />
        </Tabs.Content>
        <Tabs.Content value="changes">
          <RecentChanges serviceId={data.id} />
        </Tabs.Content>
        <Tabs.Content value="settings">
          <ServiceSettings service={data} writable={writable} admin={me.data?.role === 'admin'} />
        </Tabs.Content>
      </Tabs.Root>
    </Page>
  );
}
