import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function WebhookPage() {
  return <Page title="WebhookPage">Not built yet.</Page>;
}
