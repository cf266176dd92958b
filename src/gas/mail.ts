/**
 * Apps Script's side of sending: MailApp (scope script.send_mail only; GmailApp would need the
 * restricted Gmail scope) and the PDF made by Apps Script's own HTML → PDF conversion of the
 * invoice document, so that no Drive scope, full spreadsheets scope or UrlFetch is needed.
 */
import type { MailPort, OutgoingMail } from '../app/send';
import { documentToHtml } from '../workbook/documentText';
import type { SheetDocument } from '../workbook/port';

type Blob = GoogleAppsScript.Base.Blob;

export function mailAppPort(): MailPort<Blob> {
  return {
    remainingQuota(): number {
      // Unknown quota: go ahead; MailApp refuses a message beyond it, and that invoice is marked Fel.
      try {
        const left = Number(MailApp.getRemainingDailyQuota());
        return Number.isFinite(left) ? left : Number.MAX_SAFE_INTEGER;
      } catch {
        return Number.MAX_SAFE_INTEGER;
      }
    },
    send(mail: OutgoingMail<Blob>): void {
      // What the run wrote before this mail (the invoice's Skickas, a reminder's Påmind) must be in
      // the spreadsheet before the mail leaves: Sheets bundles pending changes, and "flush() forces
      // them to be made right away" (SpreadsheetApp.flush, Apps Script reference).
      SpreadsheetApp.flush();
      const message: GoogleAppsScript.Mail.MailAdvancedParameters = {
        to: mail.to,
        subject: mail.subject,
        body: mail.text,
        htmlBody: mail.html,
        attachments: [mail.attachment.content],
        name: mail.senderName,
      };
      if (mail.replyTo) message.replyTo = mail.replyTo;
      MailApp.sendEmail(message);
    },
  };
}

/** The invoice document as a PDF blob named `fileName`. */
export function htmlPdf(doc: SheetDocument, fileName: string): Blob {
  const html = Utilities.newBlob(documentToHtml(doc), 'text/html', fileName.replace(/\.pdf$/i, '.html'));
  const pdf = html.getAs('application/pdf');
  pdf.setName(fileName);
  return pdf;
}
