import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useSetupStatus } from '../../app/session';
import { LiveStreamProvider } from '../../live/live-stream';
import { Loading } from '../../ui/feedback';
import { AccountStep } from './AccountStep';
import { FirstServiceStep, type ReadyIntegration } from './FirstServiceStep';
import { TestEventStep } from './TestEventStep';
import './setup.css';

const steps = ['Organisation', 'First service', 'Test event'] as const;

/** The first-run wizard: organisation and admin, a first service (or demo data), a test event seen live. */
export function SetupWizard() {
  const status = useSetupStatus();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [integration, setIntegration] = useState<ReadyIntegration>();
  useEffect(() => {
    document.title = 'Set up Vigil';
  }, []);
  if (status.isPending) return <Loading />;
  if (status.data && !status.data.setup_required && step === 0) {
    return (
      <main className="centered-page">
        <div className="card auth-card">
          <h1>Vigil is already set up</h1>
          <p>
            <Link to="/login">Sign in</Link> instead.
          </p>
        </div>
      </main>
    );
  }
  return (
    <main className="centered-page setup">
      <div className="card setup-card">
        <h1>
          <span className="brand-dot" aria-hidden="true" /> Set up Vigil
        </h1>
        <ol className="setup-steps" aria-label="Setup steps">
          {steps.map((name, index) => (
            <li key={name} aria-current={index === step ? 'step' : undefined} className={index < step ? 'done' : index === step ? 'current' : ''}>
              {name}
            </li>
          ))}
        </ol>
        {step === 0 ? (
          <AccountStep
            onDone={() => {
              void queryClient.invalidateQueries({ queryKey: ['setup-status'] });
              setStep(1);
            }}
          />
        ) : (
          <LiveStreamProvider>
            {step === 1 ? (
              <FirstServiceStep
                onReady={(ready) => {
                  setIntegration(ready);
                  setStep(2);
                }}
              />
            ) : integration ? (
              <TestEventStep integration={integration} />
            ) : null}
          </LiveStreamProvider>
        )}
      </div>
    </main>
  );
}
