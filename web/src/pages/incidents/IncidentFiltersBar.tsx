import type { Ref } from 'react';
import type { Service } from '../../api/types';
import { Field } from '../../ui/form';
import { createdRanges, type IncidentFilters, severityOptions } from './incident-filters';

/** Service, severity and time filters; each change is written to the URL by the page. */
export function IncidentFiltersBar({ filters, services, onChange, firstRef }: { filters: IncidentFilters; services: Service[]; onChange: (next: IncidentFilters) => void; firstRef: Ref<HTMLSelectElement> }) {
  return (
    <div className="incident-filters" role="group" aria-label="Filters">
      <Field label="Service">
        {(props) => (
          <select {...props} ref={firstRef} value={filters.service} onChange={(e) => onChange({ ...filters, service: e.target.value })}>
            <option value="">All services</option>
            {services.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
            {filters.service && !services.some((service) => service.id === filters.service) ? <option value={filters.service}>Unknown service</option> : null}
          </select>
        )}
      </Field>
      <Field label="Severity">
        {(props) => (
          <select {...props} value={filters.severity} onChange={(e) => onChange({ ...filters, severity: e.target.value })}>
            <option value="">All severities</option>
            {severityOptions.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Created">
        {(props) => (
          <select {...props} value={filters.created} onChange={(e) => onChange({ ...filters, created: e.target.value as IncidentFilters['created'] })}>
            {createdRanges.map((range) => (
              <option key={range.value} value={range.value}>
                {range.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
