import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function ServicesPage() {
  return <Page title="ServicesPage">Not built yet.</Page>;
}
