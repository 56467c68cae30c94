import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function ProfilePage() {
  return <Page title="ProfilePage">Not built yet.</Page>;
}
