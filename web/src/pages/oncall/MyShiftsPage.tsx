import { Page } from '../../ui/page';

// STUB: being built. Replace this whole file.
export function MyShiftsPage() {
  return <Page title="MyShiftsPage">Not built yet.</Page>;
}
