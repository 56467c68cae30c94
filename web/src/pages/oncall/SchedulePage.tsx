import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function SchedulePage() {
  return <Page title="SchedulePage">Not built yet.</Page>;
}
