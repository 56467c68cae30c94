import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function ApiKeysPage() {
  return <Page title="ApiKeysPage">Not built yet.</Page>;
}
