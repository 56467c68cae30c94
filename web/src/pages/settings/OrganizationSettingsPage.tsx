import './settings.css';
import { Tabs } from 'radix-ui';
import { useSearchParams } from 'react-router';
import { useMe } from '../../app/session';
import { Empty } from '../../ui/feedback';
import { Page } from '../../ui/page';
import { AuditLog } from './AuditLog';
import { DeadJobs } from './DeadJobs';
import { MailOutbox } from './MailOutbox';
import { SlackConnection } from './SlackConnection';

const tabs = [
  { value: 'slack', label: 'Slack' },
  { value: 'audit', label: 'Audit log' },
  { value: 'jobs', label: 'Failed jobs' },
  { value: 'mail', label: 'Mail outbox' },
] as const;

/** Organisation-wide settings and records (admins): Slack, the audit log, failed jobs, the mail outbox. */
export function OrganizationSettingsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = tabs.some((candidate) => candidate.value === params.get('tab')) ? (params.get('tab') as string) : 'slack';
  if (me.data && me.data.role !== 'admin') {
    return (
      <Page title="Organisation">
        <Empty>Only admins see the organisation's settings.</Empty>
      </Page>
    );
  }
  return (
    <Page title="Organisation" subtitle="Connections, the audit trail, and background work that needs a look.">
      <Tabs.Root value={tab} onValueChange={(value) => setParams({ tab: value }, { replace: true })}>
        <Tabs.List className="tabs-list" aria-label="Organisation settings">
          {tabs.map((candidate) => (
            <Tabs.Trigger key={candidate.value} value={candidate.value} className="tabs-trigger">
              {candidate.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="slack">
          <SlackConnection />
        </Tabs.Content>
        <Tabs.Content value="audit">
          <AuditLog />
        </Tabs.Content>
        <Tabs.Content value="jobs">
          <DeadJobs />
        </Tabs.Content>
        <Tabs.Content value="mail">
          <MailOutbox />
        </Tabs.Content>
      </Tabs.Root>
    </Page>
  );
}
