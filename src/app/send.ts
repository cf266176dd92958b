/**
 * Skicka fakturor, written once for both hosts: every invoice e-mailed as a PDF to its
 * municipality's E-post, once and only once.
 *
 * - What is sent is what the administrator reviewed: the invoice sheet is read back at send time
 *   and its values are what the PDF shows (the invoice layout supplies only the styling).
 * - Right after each successful send, Status/Skickad/Mottagare of that register row are written
 *   in one write, so a crash or a stop never leads to a second e-mail on the next run.
 * - A failure marks that invoice `Fel: <reason>`; the others continue. A re-run sends only what is
 *   not Skickad. Sending a Skickad invoice again is a separate action that needs confirmation.
 * - Test mode sends each selected mail to the person running it, TEST in the subject, and leaves
 *   the register untouched.
 *
 * The parts, in src/app/send/: types (what hosts pass and get), eligibility (the rules), listing
 * (the dialog's list), batch (checking a request), document (the PDF's content), sending (the
 * loop), resend.
 */
export type * from './send/types';
export { STATUS_ERROR_PREFIX, isErrorStatus, isSentStatus } from './send/eligibility';
export { listSendable, unsentNumbers, type SendList, type SendableInvoice } from './send/listing';
export { sheetValuesAsDocument } from './send/document';
export { sendInvoices, sendInvoicesAsync, sentTime } from './send/sending';
export { resendInvoice, resendInvoiceAsync } from './send/resend';
