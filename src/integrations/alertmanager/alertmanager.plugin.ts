import type { IntegrationPlugin } from '../integration-plugin.ts';
import { silenceReaction, silenceWorker } from './alertmanager.sync.ts';

/** Two-way sync: silences in Alertmanager while an incident is acknowledged (see README.md). */
export const alertmanagerPlugin: IntegrationPlugin = {
  name: 'alertmanager',
  workers: ({ deps, ingest }) => [silenceWorker(deps, ingest)],
  reactions: ({ deps }) => [silenceReaction(deps)],
};
