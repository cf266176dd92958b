/**
 * RFC 5322 messages for the command line's stand-in for sending (DIR/mail/*.eml). nodemailer is
 * loaded when the first message is built, so the commands that send nothing do not pay for it.
 */

export interface EmlInput {
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachment: { fileName: string; content: Uint8Array; contentType?: string };
  /** Date header; default now. */
  date?: Date;
}

/** Builds the whole message (UTF-8 headers and bodies, multipart/mixed with the PDF attached). */
export async function buildEml(input: EmlInput): Promise<Uint8Array> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    replyTo: input.replyTo || undefined,
    subject: input.subject,
    text: input.text,
    html: input.html,
    date: input.date ?? new Date(),
    textEncoding: 'base64',
    attachments: [
      {
        filename: input.attachment.fileName,
        content: Buffer.from(input.attachment.content),
        contentType: input.attachment.contentType ?? 'application/pdf',
      },
    ],
  });
  const built: Buffer = await composer.compile().build();
  return new Uint8Array(built);
}

/** A file name that is safe on every system, keeping å ä ö and spaces. */
export function safeFileName(name: string): string {
  return name
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/^\.+/, '_')
    .trim();
}
