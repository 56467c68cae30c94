import { Link } from 'react-router';
import { Page } from '../ui/page';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>
        There is nothing here. <Link to="/incidents">Go to incidents</Link>.
      </p>
    </Page>
  );
}
