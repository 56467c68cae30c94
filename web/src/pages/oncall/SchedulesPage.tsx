import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { canWrite, useMe } from '../../app/session';
import { Empty, ErrorNotice, Loading, MorePages, QueryState } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { useToast } from '../../ui/toast';
import { OncallNowCell } from './OncallNowCell';
import { bodyOf, emptySchedule } from './schedule-draft';
import { ScheduleForm } from './ScheduleForm';
import { useCreateSchedule, useScheduleList, useUsers } from './schedules.queries';
import './oncall.css';

export function SchedulesPage() {
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const actions = canWrite(me.data?.role) ? (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} disabled={creating}>
      New schedule
    </button>
  ) : undefined;
  return (
    <Page title="Schedules" subtitle="Who is on call when: rotations in layers, with overrides on top." actions={actions}>
      {creating ? <CreateSchedule onDone={() => setCreating(false)} /> : null}
      <ScheduleList onCreate={actions ? () => setCreating(true) : undefined} />
    </Page>
  );
}

function CreateSchedule({ onDone }: { onDone: () => void }) {
  const users = useUsers();
  const create = useCreateSchedule();
  const toast = useToast();
  const navigate = useNavigate();
  return (
    <Section title="New schedule">
      <QueryState query={users}>
        {(list) => (
          <ScheduleForm
            initial={emptySchedule()}
            users={list}
            submitLabel="Create schedule"
            pending={create.isPending}
            error={create.error}
            onCancel={onDone}
            onSubmit={(draft) =>
              create.mutate(bodyOf(draft), {
                onSuccess: (created) => {
                  toast(`Schedule ${created.name} created.`);
                  void navigate(`/schedules/${created.id}`);
                },
              })
            }
          />
        )}
      </QueryState>
    </Section>
  );
}

function ScheduleList({ onCreate }: { onCreate: (() => void) | undefined }) {
  const list = useScheduleList();
  if (list.error) return <ErrorNotice error={list.error} />;
  if (!list.data) return <Loading label="Loading schedules" />;
  const schedules = list.data.pages.flatMap((page) => page.schedules);
  if (schedules.length === 0) {
    return (
      <Empty>
        <p>No schedules yet. A schedule says who is on call when; escalation policies page whoever it has on call.</p>
        {onCreate ? (
          <button type="button" className="btn btn-primary" onClick={onCreate}>
            Create the first schedule
          </button>
        ) : null}
      </Empty>
    );
  }
  return (
    <div className="card">
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">On call now</th>
              <th scope="col" className="hide-narrow">
                Time zone
              </th>
              <th scope="col" className="hide-narrow">
                Layers
              </th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((schedule) => (
              <tr key={schedule.id}>
                <td>
                  <Link to={`/schedules/${schedule.id}`}>{schedule.name}</Link>
                  {schedule.description ? <div className="muted oc-note">{schedule.description}</div> : null}
                </td>
                <td>
                  <OncallNowCell scheduleId={schedule.id} />
                </td>
                <td className="hide-narrow">{schedule.time_zone}</td>
                <td className="hide-narrow">{schedule.layers.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MorePages query={list} label="Show more" />
    </div>
  );
}
