import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function EscalationPolicyPage() {
  return <Page title="EscalationPolicyPage">Not built yet.</Page>;
}
