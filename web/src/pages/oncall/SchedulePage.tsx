import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { canWrite, useMe } from '../../app/session';
import { QueryState } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { useToast } from '../../ui/toast';
import { CalendarFeedButton } from './CalendarFeedButton';
import { ConfirmDialog } from './ConfirmDialog';
import { OncallNowCell } from './OncallNowCell';
import { OverrideDialog, type OverrideDraft } from './OverrideDialog';
import { bodyOf, draftOf } from './schedule-draft';
import { ScheduleForm } from './ScheduleForm';
import { ScheduleTimeline } from './ScheduleTimeline';
import { type Override, type Schedule, useDeleteOverride, useDeleteSchedule, useSchedule, useUpdateSchedule, useUsers } from './schedules.queries';
import { formatAt } from './zoned-format';
import './oncall.css';

const HOUR = 3_600_000;

export function SchedulePage() {
  const { id = '' } = useParams();
  const schedule = useSchedule(id);
  return (
    <QueryState query={schedule}>
      {(data) => <ScheduleView schedule={data} />}
    </QueryState>
  );
}

function ScheduleView({ schedule }: { schedule: Schedule }) {
  const me = useMe();
  const users = useUsers();
  const toast = useToast();
  const navigate = useNavigate();
  const editable = canWrite(me.data?.role);
  const [editing, setEditing] = useState(false);
  const [overrideDraft, setOverrideDraft] = useState<OverrideDraft | null>(null);
  const [removing, setRemoving] = useState<Override | null>(null);
  const [deleting, setDeleting] = useState(false);
  const update = useUpdateSchedule(schedule.id);
  const removeOverride = useDeleteOverride(schedule.id);
  const deleteSchedule = useDeleteSchedule(schedule.id);
  const zone = schedule.time_zone;

  const actions = editable ? (
    <>
      <button type="button" className="btn btn-primary" onClick={() => setOverrideDraft({ start: Math.ceil(Date.now() / HOUR) * HOUR, end: Math.ceil(Date.now() / HOUR) * HOUR + 8 * HOUR })}>
        Add override
      </button>
      <CalendarFeedButton label="Calendar feed" what={`the shifts of ${schedule.name}`} issue={() => unwrap(api.POST('/api/v1/schedules/{id}/calendar-feed', { params: { path: { id: schedule.id } }, body: {} }))} />
      <button type="button" className="btn" onClick={() => setEditing(true)} disabled={editing}>
        Edit schedule
      </button>
      <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
        Delete
      </button>
    </>
  ) : undefined;

  return (
    <Page title={schedule.name} subtitle={schedule.description || `On-call schedule · ${zone}`} actions={actions}>
      <div className="card oc-now-card">
        <span className="muted">On call now</span> <OncallNowCell scheduleId={schedule.id} zone={zone} />
      </div>
      {editing ? (
        <Section title="Edit schedule">
          <QueryState query={users}>
            {(list) => (
              <ScheduleForm
                initial={draftOf(schedule)}
                users={list}
                submitLabel="Save schedule"
                pending={update.isPending}
                error={update.error}
                onCancel={() => {
                  update.reset();
                  setEditing(false);
                }}
                onSubmit={(draft) =>
                  update.mutate(bodyOf(draft), {
                    onSuccess: () => {
                      toast('Schedule saved.');
                      setEditing(false);
                    },
                  })
                }
              />
            )}
          </QueryState>
        </Section>
      ) : null}
      <ScheduleTimeline scheduleId={schedule.id} zone={zone} canEdit={editable} onPickRange={(start, end) => setOverrideDraft({ start, end })} onPickOverride={setRemoving} />
      {overrideDraft && users.data ? <OverrideDialog scheduleId={schedule.id} zone={zone} users={users.data} draft={overrideDraft} onClose={() => setOverrideDraft(null)} /> : null}
      {removing ? (
        <ConfirmDialog
          title="Remove override"
          description={`${removing.user.name} stops being on call instead of the layers from ${formatAt(removing.start, zone)} to ${formatAt(removing.end, zone)}.`}
          confirm="Remove override"
          pending={removeOverride.isPending}
          error={removeOverride.error}
          onConfirm={() =>
            removeOverride.mutate(removing.id, {
              onSuccess: () => {
                toast('Override removed.');
                setRemoving(null);
              },
            })
          }
          onClose={() => {
            removeOverride.reset();
            setRemoving(null);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete schedule"
          description={`Delete ${schedule.name} with its layers and overrides? Escalation policies that page it must drop it first.`}
          confirm="Delete schedule"
          pending={deleteSchedule.isPending}
          error={deleteSchedule.error}
          onConfirm={() =>
            deleteSchedule.mutate(undefined, {
              onSuccess: () => {
                toast('Schedule deleted.');
                void navigate('/schedules');
              },
            })
          }
          onClose={() => {
            deleteSchedule.reset();
            setDeleting(false);
          }}
        />
      ) : null}
    </Page>
  );
}
