import type { IntegrationPlugin } from '../integration-plugin.ts';
import { emailListener } from './email.listener.ts';

/** E-mail in: the SMTP listener, run by processes that take ingestion (not by `vigil worker`). */
export const emailPlugin: IntegrationPlugin = {
  name: 'email',
  listeners: (context) => {
    const listener = emailListener(context);
    return listener ? [listener] : [];
  },
};
