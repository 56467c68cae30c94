import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function ServicePage() {
  return <Page title="ServicePage">Not built yet.</Page>;
}
