import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMe } from '../../app/session';
import { Empty, ErrorNotice, Loading, QueryState } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { useToast } from '../../ui/toast';
import { ConfirmDialog } from './ConfirmDialog';
import { type Policy, useDeletePolicy, usePolicy, useServicePolicies, useUpdatePolicy } from './policies.queries';
import { policyBodyOf, policyDraftOf } from './policy-draft';
import { PolicyForm } from './PolicyForm';
import { PolicySummary } from './PolicySummary';
import { useTargetNames } from './target-names';
import './oncall.css';

export function EscalationPolicyPage() {
  const { id = '' } = useParams();
  const policy = usePolicy(id);
  return <QueryState query={policy}>{(data) => <PolicyView policy={data} />}</QueryState>;
}

function PolicyView({ policy }: { policy: Policy }) {
  const me = useMe();
  const admin = me.data?.role === 'admin';
  const { names, error } = useTargetNames();
  const update = useUpdatePolicy(policy.id);
  const remove = useDeletePolicy(policy.id);
  const toast = useToast();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const actions = admin ? (
    <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
      Delete
    </button>
  ) : undefined;
  return (
    <Page title={policy.name} subtitle={policy.description || 'Escalation policy'} actions={actions}>
      <Section title={admin ? 'Levels and targets' : 'Levels'}>
        {error ? <ErrorNotice error={error} /> : null}
        {!names && !error ? <Loading /> : null}
        {names && admin ? (
          <PolicyForm
            // A fresh form after each save, holding what the server kept.
            key={policy.updated_at}
            initial={policyDraftOf(policy)}
            names={names}
            submitLabel="Save policy"
            pending={update.isPending}
            error={update.error}
            onSubmit={(draft) => update.mutate(policyBodyOf(draft), { onSuccess: () => toast('Escalation policy saved.') })}
          />
        ) : null}
        {names && !admin ? <PolicySummary policy={policy} names={names} /> : null}
      </Section>
      <UsedBy policyId={policy.id} />
      {deleting ? (
        <ConfirmDialog
          title="Delete escalation policy"
          description={`Delete ${policy.name}? Services that use it must be given another policy first.`}
          confirm="Delete policy"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => {
                toast('Escalation policy deleted.');
                void navigate('/escalation-policies');
              },
            })
          }
          onClose={() => {
            remove.reset();
            setDeleting(false);
          }}
        />
      ) : null}
    </Page>
  );
}

function UsedBy({ policyId }: { policyId: string }) {
  const services = useServicePolicies();
  return (
    <Section title="Services using this policy">
      <QueryState query={services}>
        {(all) => {
          const using = all.filter((service) => service.escalation_policy_id === policyId);
          if (using.length === 0) return <Empty>No service uses this policy yet; a service pages through it once it is chosen in the service's settings.</Empty>;
          return (
            <ul className="oc-links">
              {using.map((service) => (
                <li key={service.id}>
                  <Link to={`/services/${service.id}`}>{service.name}</Link>
                </li>
              ))}
            </ul>
          );
        }}
      </QueryState>
    </Section>
  );
}
