import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function UsersPage() {
  return <Page title="UsersPage">Not built yet.</Page>;
}
