import { ApiError } from '../../api/client';

/** The server's message for exactly this field path (`layers.0.handoff_time`), if it refused it. */
export function errorAt(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.details.find((detail) => detail.field === path)?.message;
}

/** Messages for fields under `prefix` (`layers.0.users`) that no input of their own shows, joined. */
export function errorsUnder(error: unknown, prefix: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.details.filter((detail) => detail.field === prefix || detail.field?.startsWith(`${prefix}.`));
  return found.length > 0 ? found.map((detail) => (detail.field === prefix ? detail.message : `${detail.field?.slice(prefix.length + 1)}: ${detail.message}`)).join('; ') : undefined;
}
