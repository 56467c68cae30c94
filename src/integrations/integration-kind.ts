import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { Deps } from '../app/deps.ts';
import type { AcceptedEvent } from '../modules/events/event.ts';
import type { KnownIntegration } from '../modules/services/integration-directory.ts';
import type { Transaction } from '../ports/store.ts';

/** A native payload posted to `POST /integrations/{integration_key}`, already parsed (strictly) when JSON. */
export interface InboundRequest {
  body: unknown;
  /** The bytes as received, for signatures computed over them (GitHub's X-Hub-Signature-256). */
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  query: Record<string, string | undefined>;
}

/** What an inbound payload became: the events to store (all in one commit) and, optionally, the answer. */
export interface InboundOutcome {
  events: AcceptedEvent[];
  status?: number;
  body?: Record<string, unknown>;
}

interface IntegrationTarget {
  /** Vigil's public address, no trailing slash. */
  publicUrl: string;
  key: string;
  /** The integration's settings, secrets left out. */
  settings: Record<string, unknown>;
  deps: Deps;
}

/**
 * One integration type: how a tool is pointed at Vigil, what settings it keeps, and how its native payloads
 * become events. Each lives in its own folder under src/integrations/ and is listed in catalog.ts.
 */
export interface IntegrationKind {
  type: string;
  label: string;
  /** Where the sending tool is pointed (a URL, or a mailto: address). */
  endpoint(target: IntegrationTarget): string;
  /** Told to the user next to the endpoint: how to configure the sending tool. */
  setupInstructions(target: IntegrationTarget & { endpoint: string }): string;
  /**
   * The type's settings, validated whenever they are saved (errors name `settings.<field>`). Fields named in
   * `secretFields` are sealed at rest and never returned; the rest are returned as `settings`.
   */
  settings?: z.ZodType<Record<string, unknown>>;
  secretFields?: readonly string[];
  /** Secret settings Vigil makes up when the user gives none (a webhook secret), shown once on creation. */
  generateSecrets?(): Record<string, string>;
  /**
   * Runs in the transaction that created the integration or changed its settings, for a kind that keeps state
   * of its own beside it (a heartbeat starts being watched).
   */
  onSaved?(tx: Transaction, integration: { id: string; orgId: string }, now: Date): Promise<void>;
  /** Takes a native payload sent to /integrations/{key}. Throws AppError (4xx) for a payload it cannot take. */
  receive?(request: InboundRequest, integration: KnownIntegration, deps: Deps): InboundOutcome | Promise<InboundOutcome>;
}
