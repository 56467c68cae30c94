import { Link } from 'react-router';
import type { Policy } from './policies.queries';
import { targetName, type TargetNames } from './TargetPicker';
import { userColour } from './user-colour';

/** A policy's levels as read-only steps, for people who may not change it. */
export function PolicySummary({ policy, names }: { policy: Policy; names: TargetNames }) {
  return (
    <ol className="oc-steps">
      {policy.levels.map((level, index) => (
        <li key={index} className="oc-step">
          <h3>Level {index + 1}</h3>
          <ul className="oc-chips">
            {level.targets.map((target) => (
              <li key={`${target.type}:${target.id}`} className="oc-chip">
                {target.type === 'user' ? <span className="oc-dot" style={userColour(target.id)} aria-hidden="true" /> : <span className="oc-tag">Schedule</span>}
                {target.type === 'schedule' ? <Link to={`/schedules/${target.id}`}>{targetName(target, names)}</Link> : <span>{targetName(target, names)}</span>}
              </li>
            ))}
          </ul>
          <p className="muted oc-note">
            {index < policy.levels.length - 1 ? `Level ${index + 2} is paged after ${level.delay_minutes} min without acknowledgement.` : `After ${level.delay_minutes} min without acknowledgement: ${policy.repeat_count > 0 ? `the policy runs again (${policy.repeat_count} more time${policy.repeat_count > 1 ? 's' : ''})` : 'no one else is paged'}.`}
          </p>
        </li>
      ))}
    </ol>
  );
}
