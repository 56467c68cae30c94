import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function EscalationPoliciesPage() {
  return <Page title="EscalationPoliciesPage">Not built yet.</Page>;
}
