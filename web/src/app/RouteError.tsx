import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from '../api/client';

export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  return (
    <main className="centered-page">
      <h1>Something went wrong</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">Back to Vigil</Link>
      </p>
    </main>
  );
}
