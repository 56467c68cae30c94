import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function SetupWizard() {
  return <Page title="SetupWizard">Not built yet.</Page>;
}
