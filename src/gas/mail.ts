/**
 * Apps Script's side of sending: MailApp (scope script.send_mail only; GmailApp would need the
 * restricted Gmail scope) and the invoice PDF drawn by the shared layout (src/workbook/pdf), the
 * same bytes as the command line's file. It becomes a Blob with the documented
 * `Utilities.newBlob(data, contentType, name)`
 * (https://developers.google.com/apps-script/reference/utilities/utilities#newBlob(Byte,String,String)):
 * no `Blob.getAs('application/pdf')` conversion, whose CSS support (page size, fonts, page
 * breaks) is undocumented and which counts against the daily "files converted" quota
 * (https://developers.google.com/apps-script/guides/services/quotas). No Drive scope is needed.
 */
import type { MailPort, OutgoingMail } from '../app/send';
import { documentPdf } from '../workbook/pdf/layout';
import { signed } from './bytes';
import { inSwedishOnFailure } from './googleErrors';
import type { SheetDocument } from '../workbook/port';

type Blob = GoogleAppsScript.Base.Blob;

export function mailAppPort(): MailPort<Blob> {
  return {
    remainingQuota(): number {
      return inSwedishOnFailure(() => MailApp.getRemainingDailyQuota());
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
      // A refused mail is marked Fel with its reason in the register: in Swedish, not Google's words.
      inSwedishOnFailure(() => MailApp.sendEmail(message));
    },
  };
}

/** The invoice document as a PDF blob named `fileName`. */
export function invoicePdf(doc: SheetDocument, fileName: string): Blob {
  const bytes = documentPdf(doc, { title: fileName.replace(/\.pdf$/i, ''), creationDate: new Date() });
  return Utilities.newBlob(signed(bytes), 'application/pdf', fileName);
}
