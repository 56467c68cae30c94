import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function IncidentsPage() {
  return <Page title="IncidentsPage">Not built yet.</Page>;
}
