import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function TeamsPage() {
  return <Page title="TeamsPage">Not built yet.</Page>;
}
