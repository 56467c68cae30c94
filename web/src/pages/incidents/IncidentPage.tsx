import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function IncidentPage() {
  return <Page title="IncidentPage">Not built yet.</Page>;
}
