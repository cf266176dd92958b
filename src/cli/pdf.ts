/**
 * The local PDF of an invoice: the shared layout of src/workbook/pdf (the same bytes Apps Script
 * attaches), written by the callers to a file.
 */
import type { SheetDocument } from '../workbook/port';
import { documentPdf } from '../workbook/pdf/layout';

export interface PdfOptions {
  title?: string;
  /** Fixed creation time for reproducible output; default now. */
  creationDate?: Date;
}

/** Renders the document; resolves with the PDF file's bytes. */
export function renderPdf(doc: SheetDocument, options: PdfOptions = {}): Promise<Uint8Array> {
  try {
    return Promise.resolve(
      documentPdf(doc, { title: options.title, creationDate: options.creationDate ?? new Date() }),
    );
  } catch (e) {
    return Promise.reject(e);
  }
}
