import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function OnCallNowPage() {
  return <Page title="OnCallNowPage">Not built yet.</Page>;
}
