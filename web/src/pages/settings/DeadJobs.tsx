import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';
import { Empty, QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { Time } from '../../ui/time';
import { useToast } from '../../ui/toast';
import { ConfirmButton } from './ConfirmButton';

type DeadJob = Answer<'/api/v1/jobs/dead', 'get'>['jobs'][number];

/** Background jobs that failed every attempt (a notification, a webhook hand-off…): retry or discard each. */
export function DeadJobs() {
  const jobs = useQuery({ queryKey: ['dead-jobs'], queryFn: async () => (await unwrap(api.GET('/api/v1/jobs/dead', { params: { query: { limit: 200 } } }))).jobs });
  return (
    <Section title="Failed jobs">
      <QueryState query={jobs}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No failed jobs: every background job has run.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    <th scope="col">Error</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Failed</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((job) => (
                    <DeadJobRow key={`${job.queue}/${job.id}`} job={job} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </Section>
  );
}

function DeadJobRow({ job }: { job: DeadJob }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const path = { params: { path: { queue: job.queue, id: job.id } } };
  const retry = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/jobs/dead/{queue}/{id}/retry', path)),
    onSuccess: async () => {
      toast(`${job.name} queued again.`);
      await queryClient.invalidateQueries({ queryKey: ['dead-jobs'] });
    },
    onError: (error) => toast(errorMessage(error), 'error'),
  });
  return (
    <tr>
      <td>
        <div className="mono">{job.name}</div>
        <div className="hint">
          {job.queue} · {job.id}
        </div>
      </td>
      <td className="mono">{job.error}</td>
      <td>{job.attempts}</td>
      <td>
        <Time iso={job.failed_at} />
      </td>
      <td>
        <div className="table-actions">
          <button type="button" className="btn btn-small" aria-label={`Retry ${job.name} ${job.id}`} disabled={retry.isPending} onClick={() => retry.mutate()}>
            Retry
          </button>
          <ConfirmButton
            label="Discard"
            name={`Discard ${job.name} ${job.id}`}
            title={`Discard ${job.name}?`}
            message="It will not run again. The audit log keeps a record that you discarded it."
            confirmLabel="Discard job"
            done={`${job.name} discarded.`}
            onConfirm={async () => {
              await unwrap(api.DELETE('/api/v1/jobs/dead/{queue}/{id}', path));
              await queryClient.invalidateQueries({ queryKey: ['dead-jobs'] });
            }}
          />
        </div>
      </td>
    </tr>
  );
}
