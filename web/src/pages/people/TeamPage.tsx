import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function TeamPage() {
  return <Page title="TeamPage">Not built yet.</Page>;
}
