import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function AcceptInvitationPage() {
  return <Page title="AcceptInvitationPage">Not built yet.</Page>;
}
