import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The typed API client: paths, parameters and answers come from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

export interface ErrorDetail {
  field?: string;
  message: string;
}

/** An answer outside 2xx, with the server's message (which names the field and why). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a 2xx answer, or an ApiError; a 401 sends the browser to the sign-in page. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  if (response.status === 401 && !location.pathname.startsWith('/login') && !location.pathname.startsWith('/setup') && !location.pathname.startsWith('/invitations')) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: ErrorDetail[] }; message?: string };
  throw new ApiError(response.status, body.error?.code ?? 'error', body.error?.message ?? body.message ?? `${response.status} ${response.statusText}`, body.error?.details ?? []);
}

/** The message to show a person for any error a query or mutation raised. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
