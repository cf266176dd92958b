/** Sending a Skickad invoice once more: a separate action, done only on purpose. */
import type { WorkbookPort } from '../../workbook/port';
import { refused, type BatchRequest } from './batch';
import { asyncSender, runBatch, runBatchAsync, syncSender } from './sending';
import type { AsyncMailPort, AsyncPdfRenderer, MailPort, PdfRenderer, ResendOptions, SendReport } from './types';

const NEEDS_CONFIRMATION = 'Fakturan är redan skickad. Bekräfta att den ska skickas igen.';

function resendRequest(options: ResendOptions): BatchRequest {
  return {
    numbers: [options.number],
    test: false,
    user: options.user,
    now: options.now,
    resend: true,
    logUser: options.logUser,
  };
}

/** Sends a Skickad invoice once more, on purpose: without `confirmed` nothing happens. */
export function resendInvoice<P>(
  port: WorkbookPort,
  mailer: MailPort<P>,
  pdf: PdfRenderer<P>,
  options: ResendOptions,
): SendReport {
  if (options.confirmed !== true) return refused(false, NEEDS_CONFIRMATION);
  return runBatch(syncSender(port, mailer, pdf), resendRequest(options));
}

export async function resendInvoiceAsync<P>(
  port: WorkbookPort,
  mailer: AsyncMailPort<P>,
  pdf: AsyncPdfRenderer<P>,
  options: ResendOptions,
): Promise<SendReport> {
  if (options.confirmed !== true) return refused(false, NEEDS_CONFIRMATION);
  return runBatchAsync(asyncSender(port, mailer, pdf), resendRequest(options));
}
