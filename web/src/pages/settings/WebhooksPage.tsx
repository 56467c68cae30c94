import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function WebhooksPage() {
  return <Page title="WebhooksPage">Not built yet.</Page>;
}
