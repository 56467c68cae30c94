import { AppError, invalid } from '../../http/errors.ts';
import type { IntegrationKind } from '../../integrations/integration-kind.ts';
import type { SecretBox } from '../../lib/secret-box.ts';

export interface SplitSettings {
  settings: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

/**
 * Validates what a user gave as an integration's settings against its type, and splits the secret fields
 * off. `previous` secrets stay unless given again, so a PATCH need not repeat a webhook secret.
 */
export function checkSettings(kind: IntegrationKind, given: Record<string, unknown> | undefined, previousSecrets: Record<string, unknown> = {}): SplitSettings {
  const secretFields = kind.secretFields ?? [];
  if (!kind.settings) {
    if (given && Object.keys(given).length > 0) throw invalid('settings', `integrations of type ${kind.type} have no settings`);
    return { settings: {}, secrets: {} };
  }
  const merged = { ...previousSecrets, ...given };
  const parsed = kind.settings.safeParse(merged);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ field: ['settings', ...issue.path.map(String)].join('.'), message: issue.message }));
    throw new AppError('validation_failed', details.map((detail) => `${detail.field}: ${detail.message}`).join('; '), details);
  }
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(parsed.data)) {
    if (secretFields.includes(field)) secrets[field] = value;
    else settings[field] = value;
  }
  return { settings, secrets };
}

export function sealSecrets(box: SecretBox, secrets: Record<string, unknown>, integrationId: string): string | null {
  const defined = Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== undefined));
  if (Object.keys(defined).length === 0) return null;
  if (!box.available) {
    throw new AppError('unprocessable', 'This instance has no VIGIL_SECRET_KEY, so it cannot store integration credentials; set it in every process and try again.', [
      { field: 'settings', message: 'credentials need VIGIL_SECRET_KEY' },
    ]);
  }
  return box.seal(JSON.stringify(defined), integrationId);
}

export function openSecrets(box: SecretBox, sealed: string | null, integrationId: string): Record<string, unknown> {
  if (!sealed) return {};
  return JSON.parse(box.open(sealed, integrationId)) as Record<string, unknown>;
}
