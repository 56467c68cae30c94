import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../app/session';
import { Empty, ErrorNotice, Loading, MorePages } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { useToast } from '../../ui/toast';
import { useCreatePolicy, usePolicyList } from './policies.queries';
import { emptyPolicy, policyBodyOf } from './policy-draft';
import { PolicyForm } from './PolicyForm';
import { useTargetNames } from './target-names';
import { targetName, type TargetNames } from './TargetPicker';
import './oncall.css';

export function EscalationPoliciesPage() {
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const admin = me.data?.role === 'admin';
  const actions = admin ? (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} disabled={creating}>
      New escalation policy
    </button>
  ) : undefined;
  return (
    <Page title="Escalation policies" subtitle="Whom an incident pages, level by level, until someone acknowledges." actions={actions}>
      {creating ? <CreatePolicy onDone={() => setCreating(false)} /> : null}
      <PolicyList onCreate={admin ? () => setCreating(true) : undefined} />
    </Page>
  );
}

function CreatePolicy({ onDone }: { onDone: () => void }) {
  const { names, error } = useTargetNames();
  const create = useCreatePolicy();
  const toast = useToast();
  const navigate = useNavigate();
  return (
    <Section title="New escalation policy">
      {error ? <ErrorNotice error={error} /> : null}
      {names ? (
        <PolicyForm
          initial={emptyPolicy()}
          names={names}
          submitLabel="Create policy"
          pending={create.isPending}
          error={create.error}
          onCancel={onDone}
          onSubmit={(draft) =>
            create.mutate(policyBodyOf(draft), {
              onSuccess: (created) => {
                toast(`Escalation policy ${created.name} created.`);
                void navigate(`/escalation-policies/${created.id}`);
              },
            })
          }
        />
      ) : !error ? <Loading /> : null}
    </Section>
  );
}

function PolicyList({ onCreate }: { onCreate: (() => void) | undefined }) {
  const list = usePolicyList();
  const { names } = useTargetNames();
  if (list.error) return <ErrorNotice error={list.error} />;
  if (!list.data) return <Loading label="Loading escalation policies" />;
  const policies = list.data.pages.flatMap((page) => page.escalation_policies);
  if (policies.length === 0) {
    return (
      <Empty>
        <p>No escalation policies yet. Services page people through one.</p>
        {onCreate ? (
          <button type="button" className="btn btn-primary" onClick={onCreate}>
            Create the first policy
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
              <th scope="col">First pages</th>
              <th scope="col" className="hide-narrow">
                Levels
              </th>
              <th scope="col" className="hide-narrow">
                Repeats
              </th>
            </tr>
          </thead>
          <tbody>
            {policies.map((policy) => (
              <tr key={policy.id}>
                <td>
                  <Link to={`/escalation-policies/${policy.id}`}>{policy.name}</Link>
                  {policy.description ? <div className="muted oc-note">{policy.description}</div> : null}
                </td>
                <td>{firstTargets(policy.levels[0]?.targets ?? [], names)}</td>
                <td className="hide-narrow">{policy.levels.length}</td>
                <td className="hide-narrow">{policy.repeat_count === 0 ? 'No' : `${policy.repeat_count}×`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MorePages query={list} label="Show more" />
    </div>
  );
}

function firstTargets(targets: Array<{ type: 'user' | 'schedule'; id: string }>, names: TargetNames | undefined): string {
  if (!names) return '…';
  return targets.map((target) => targetName(target, names)).join(', ') || '—';
}
