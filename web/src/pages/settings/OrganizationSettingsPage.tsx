import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function OrganizationSettingsPage() {
  return <Page title="OrganizationSettingsPage">Not built yet.</Page>;
}
