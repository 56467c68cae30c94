import { Field } from '../../ui/form';
import { type OverviewFilters as Filters, useServiceOptions } from './overview-api';

/** Range, bucket size and service: kept in the address so a view can be shared. */
export function OverviewFilters({ filters, onChange }: { filters: Filters; onChange: (change: Partial<Filters>) => void }) {
  const services = useServiceOptions();
  return (
    <form className="ov-filters" aria-label="Overview filters" onSubmit={(event) => event.preventDefault()}>
      <Field label="Range">
        {(props) => (
          <select {...props} value={filters.days} onChange={(event) => onChange({ days: Number(event.target.value) as Filters['days'] })}>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
          </select>
        )}
      </Field>
      <Field label="Per">
        {(props) => (
          <select {...props} value={filters.bucket} onChange={(event) => onChange({ bucket: event.target.value as Filters['bucket'] })}>
            <option value="day">Day</option>
            <option value="week">Week</option>
          </select>
        )}
      </Field>
      <Field label="Service">
        {(props) => (
          <select {...props} value={filters.serviceId} onChange={(event) => onChange({ serviceId: event.target.value })}>
            <option value="">All services</option>
            {services.data?.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </form>
  );
}
