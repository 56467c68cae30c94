import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function OverviewPage() {
  return <Page title="OverviewPage">Not built yet.</Page>;
}
