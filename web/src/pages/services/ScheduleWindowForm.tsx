import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { serviceKeys } from './services-api';

/** A Date as the value of a datetime-local input (local wall time, minutes). */
function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

const HOUR = 3_600_000;

/** Schedules a window from start to end in the browser's time zone; starts now and lasts an hour unless changed. */
export function ScheduleWindowForm({ serviceId }: { serviceId: string }) {
  const [start, setStart] = useState(() => localInput(new Date()));
  const [end, setEnd] = useState(() => localInput(new Date(Date.now() + HOUR)));
  const [description, setDescription] = useState('');
  const queryClient = useQueryClient();
  const toast = useToast();
  const schedule = useMutation({
    mutationFn: () => {
      const from = new Date(start);
      const to = new Date(end);
      if (Number.isNaN(from.getTime())) throw new Error('Start: enter a date and time.');
      if (Number.isNaN(to.getTime())) throw new Error('End: enter a date and time.');
      return unwrap(
        api.POST('/api/v1/services/{id}/maintenance-windows', {
          params: { path: { id: serviceId } },
          body: { start: from.toISOString(), end: to.toISOString(), ...(description.trim() && { description: description.trim() }) },
        }),
      );
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: serviceKeys.maintenance(serviceId) });
      // The service's maintenance_until (its status badge and overview) may have changed too.
      void queryClient.invalidateQueries({ queryKey: serviceKeys.one(serviceId) });
      void queryClient.invalidateQueries({ queryKey: serviceKeys.list });
      toast('Maintenance window scheduled');
      setDescription('');
    },
  });
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        schedule.mutate();
      }}
    >
      <div className="svc-window-fields">
        <Field label="Start" error={fieldError(schedule.error, 'start')}>
          {(props) => <input {...props} type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} required />}
        </Field>
        <Field label="End" error={fieldError(schedule.error, 'end')}>
          {(props) => <input {...props} type="datetime-local" value={end} onChange={(event) => setEnd(event.target.value)} required />}
        </Field>
        <Field label="Description (optional)" error={fieldError(schedule.error, 'description')}>
          {(props) => <input {...props} value={description} onChange={(event) => setDescription(event.target.value)} maxLength={2000} placeholder="Database upgrade" />}
        </Field>
      </div>
      <p className="hint">Times are in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}). During the window, triggers are stored but open no incident and page nobody.</p>
      <FormError error={schedule.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={schedule.isPending}>
          {schedule.isPending ? 'Scheduling…' : 'Schedule window'}
        </button>
      </div>
    </form>
  );
}
