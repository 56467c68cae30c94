import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import type { KnownIntegration } from '../../modules/services/integration-directory.ts';
import type { IntegrationContext, Listener } from '../integration-plugin.ts';
import { inboundMailDomain, integrationKeyOf } from './email-address.ts';
import { emailSettings, mailToEvent } from './email.mapper.ts';
import { readMail } from './email.parse.ts';

const MAX_RECIPIENTS = 100;

function smtpError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

/** The message's bytes, or undefined once it went over the size limit (the rest is read and dropped). */
function readLimited(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded || size > maxBytes ? undefined : Buffer.concat(chunks)));
  });
}

/**
 * The SMTP listener of e-mail integrations (on when SMTP_IN_PORT is set): takes mail for
 * <integration key>@SMTP_IN_DOMAIN, refuses any other recipient at RCPT (550) and oversized mail (552), and
 * answers 250 only once the alert events are stored. No AUTH: it belongs behind an MX or a firewall.
 */
export function emailListener({ deps, directory, ingest }: IntegrationContext): Listener | undefined {
  const { config } = deps;
  if (config.SMTP_IN_PORT === undefined) return undefined;
  const port = config.SMTP_IN_PORT;
  const domain = inboundMailDomain(config);
  const maxBytes = config.SMTP_IN_MAX_BYTES;
  const log = deps.log.child({ component: 'smtp-in' });
  let server: SMTPServer | undefined;

  async function integrationFor(address: string): Promise<KnownIntegration | undefined> {
    const key = integrationKeyOf(address, domain);
    const integration = key === undefined ? undefined : await directory.lookup(key);
    return integration?.type === 'email' ? integration : undefined;
  }

  async function deliver(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const raw = await readLimited(stream, maxBytes);
    if (!raw) throw smtpError(552, `5.3.4 Message is larger than the ${maxBytes} bytes this server takes`);
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
    const mail = await readMail(raw, envelopeFrom).catch((error: unknown) => {
      log.warn({ err: error }, 'could not parse a mail');
      throw smtpError(554, '5.6.0 The message could not be parsed');
    });
    const targets = new Map<string, KnownIntegration>();
    for (const recipient of session.envelope.rcptTo) {
      const integration = await integrationFor(recipient.address);
      if (integration) targets.set(integration.id, integration);
    }
    if (targets.size === 0) throw smtpError(550, '5.1.1 None of the recipients is an e-mail integration any more');
    for (const integration of targets.values()) {
      const parsed = emailSettings.safeParse(integration.settings);
      const settings = parsed.success ? parsed.data : emailSettings.parse({});
      if (!parsed.success) log.warn({ integrationId: integration.id, orgId: integration.orgId }, 'e-mail integration has invalid settings; using the defaults');
      // ingest.accept returns once the event is committed: only then does the sender get its 250.
      await ingest.accept(integration, [mailToEvent(mail, settings)]);
    }
    log.debug({ integrations: [...targets.keys()], bytes: raw.length }, 'mail accepted');
    return `2.0.0 Accepted for ${targets.size} integration${targets.size === 1 ? '' : 's'}`;
  }

  return {
    async start() {
      const certFile = config.SMTP_IN_TLS_CERT;
      const keyFile = config.SMTP_IN_TLS_KEY;
      if ((certFile === undefined) !== (keyFile === undefined)) throw new Error('SMTP_IN_TLS_CERT and SMTP_IN_TLS_KEY go together: set both to offer STARTTLS, or neither');
      const tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : undefined;
      server = new SMTPServer({
        name: domain,
        banner: 'Vigil alert intake',
        secure: false,
        ...tls,
        disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
        authOptional: true,
        size: maxBytes,
        rejectOversized: true,
        maxRecipients: MAX_RECIPIENTS,
        maxClients: 200,
        maxAllowedUnauthenticatedCommands: false,
        disableReverseLookup: true,
        socketTimeout: 60_000,
        closeTimeout: Math.min(config.VIGIL_SHUTDOWN_TIMEOUT_MS, 30_000),
        logger: false,
        onRcptTo(address, _session, callback) {
          integrationFor(address.address).then(
            (integration) => callback(integration ? null : smtpError(550, `5.1.1 <${address.address}>: no e-mail integration has this address`)),
            (error: unknown) => {
              log.error({ err: error }, 'could not look up a recipient');
              callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
            },
          );
        },
        onData(stream, session, callback) {
          deliver(stream, session).then(
            (message) => callback(null, message),
            (error: unknown) => {
              if (error instanceof Error && 'responseCode' in error) return callback(error);
              stream.resume();
              log.error({ err: error }, 'could not take a mail');
              callback(smtpError(451, '4.3.0 The message could not be stored right now; try again later'));
            },
          );
        },
      });
      server.on('error', (error) => log.warn({ err: error }, 'SMTP connection error'));
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.server.once('error', reject);
        listening.listen(port, config.SMTP_IN_HOST, () => {
          listening.server.off('error', reject);
          resolve();
        });
      });
      const bound = (listening.server.address() as AddressInfo).port;
      log.info({ host: config.SMTP_IN_HOST, port: bound, domain, tls: Boolean(tls) }, `taking alert mail for <integration key>@${domain}`);
    },
    async stop() {
      const closing = server;
      server = undefined;
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}
