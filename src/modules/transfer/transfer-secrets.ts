import { botTokenContext, signingSecretContext } from '../../integrations/slack/slack.client.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Row } from './transfer-rows.ts';

/** One sealed credential of a row and the context it was sealed for (see reseal-secrets.ts, which re-seals the same). */
interface Sealed {
  sealed: string;
  context: string;
}

/** The sealed credentials a row carries: they travel sealed, as stored. */
function sealedIn(table: string, row: Row): Sealed[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const values: Array<[string | undefined, string]> = [];
  switch (table) {
    case 'integrations':
      values.push([text(row['sealed_secrets']), String(row['id'])]);
      break;
    case 'webhook_subscriptions':
      values.push([text(row['sealed_secret']), String(row['id'])], [text(row['sealed_previous_secret']), String(row['id'])]);
      break;
    case 'slack_connections':
      values.push([text(row['sealed_bot_token']), botTokenContext(String(row['org_id']))], [text(row['sealed_signing_secret']), signingSecretContext(String(row['org_id']))]);
      break;
  }
  return values.filter((value): value is [string, string] => value[0] !== undefined).map(([sealed, context]) => ({ sealed, context }));
}

/** How many of the rows' credentials this box can open, and how many it cannot. Nothing opened is kept. */
export function checkSealed(box: SecretBox, table: string, rows: Row[]): { opened: number; unopened: number } {
  let opened = 0;
  let unopened = 0;
  for (const { sealed, context } of rows.flatMap((row) => sealedIn(table, row))) {
    let opens = false;
    if (box.available) {
      try {
        box.open(sealed, context);
        opens = true;
      } catch {
        // sealed under another key: counted below
      }
    }
    if (opens) opened += 1;
    else unopened += 1;
  }
  return { opened, unopened };
}
