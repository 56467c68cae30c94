import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../app/session';
import { Empty, QueryState } from '../../ui/feedback';
import { Field } from '../../ui/form';
import { Page } from '../../ui/page';
import { type Oncall, groupOncalls } from './oncall-groups';
import { useOncalls } from './policies.queries';
import { userColour } from './user-colour';
import { formatAt } from './zoned-format';
import './oncall.css';

export function OnCallNowPage() {
  const oncalls = useOncalls();
  const me = useMe();
  const [filter, setFilter] = useState('');
  return (
    <Page title="Who is on call" subtitle="Whom each escalation policy would page right now, level by level.">
      <div className="oc-filter">
        <Field label="Filter by person, schedule or policy">
          {(props) => <input {...props} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />}
        </Field>
      </div>
      <QueryState query={oncalls}>
        {(entries) => {
          const groups = groupOncalls(entries, filter);
          if (groups.length === 0) return <Empty>{entries.length === 0 ? 'No escalation policy pages anyone yet: create a schedule and an escalation policy that uses it.' : 'Nobody on call matches the filter.'}</Empty>;
          return (
            <div className="stack">
              {groups.map((group) => (
                <section key={group.policy.id} className="card" aria-labelledby={`policy-${group.policy.id}`}>
                  <div className="card-header">
                    <h2 id={`policy-${group.policy.id}`}>
                      <Link to={`/escalation-policies/${group.policy.id}`}>{group.policy.name}</Link>
                    </h2>
                  </div>
                  <div className="oc-levels">
                    {group.levels.map((level) => (
                      <div key={level.level} className="oc-level">
                        <h3>Level {level.level}</h3>
                        <ul className="oc-people">
                          {level.entries.map((entry, index) => (
                            <OncallRow key={index} entry={entry} me={me.data?.id} />
                          ))}
                        </ul>
                      </div>
                    ))}
                  </div>
                </section>
              ))}
            </div>
          );
        }}
      </QueryState>
    </Page>
  );
}

function OncallRow({ entry, me }: { entry: Oncall; me: string | undefined }) {
  return (
    <li className="oc-person">
      <span className="oc-dot" style={userColour(entry.user.id)} aria-hidden="true" />
      <span className="oc-grow">
        <strong>{entry.user.name}</strong>
        {entry.user.id === me ? <span className="badge oc-you">you</span> : null}
        <span className="muted oc-note">
          {' '}
          {entry.schedule ? (
            <>
              via <Link to={`/schedules/${entry.schedule.id}`}>{entry.schedule.name}</Link>
            </>
          ) : (
            'named directly'
          )}
        </span>
      </span>
      <span className="muted oc-until">{entry.schedule ? (entry.end ? `until ${formatAt(entry.end)}` : 'for a long while') : 'always'}</span>
    </li>
  );
}
