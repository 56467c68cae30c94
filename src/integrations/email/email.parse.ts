import { type AddressObject, simpleParser } from 'mailparser';
import type { ReceivedMail } from './email.mapper.ts';

/** HTML bodies longer than this are not converted to text (the conversion's cost grows with them). */
const HTML_TO_TEXT_MAX = 2 * 1024 * 1024;

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.flatMap((entry) => (entry.address ? [entry.address] : (entry.group ?? []).flatMap((member) => (member.address ? [member.address] : [])))));

/**
 * Parses a MIME message (as received over SMTP) into what the mapper needs: decoded subject, text body (HTML
 * converted to text when there is no text part), addresses, Message-ID and Date. Attachments are listed, not kept.
 */
export async function readMail(raw: Buffer, envelopeFrom: string | undefined): Promise<ReceivedMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, checksumAlgo: false, maxHtmlLengthToParse: HTML_TO_TEXT_MAX });
  return {
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    from: addresses(mail.from)[0] ?? (envelopeFrom || undefined),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    messageId: mail.messageId,
    date: mail.date,
    attachments: mail.attachments.map((attachment) => ({ filename: attachment.filename, contentType: attachment.contentType, size: attachment.size })),
  };
}
