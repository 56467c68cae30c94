import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function SchedulesPage() {
  return <Page title="SchedulesPage">Not built yet.</Page>;
}
