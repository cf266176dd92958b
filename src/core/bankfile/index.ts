/**
 * A bank file of incoming payments, recognised by its content (never by its name): camt.054 XML
 * or Bankgirot's BgMax. Pure: the hosts bring the bytes and their XML parser, this returns the payments or the
 * Swedish sentences that say why the file cannot be read.
 */
import { looksLikeBgMax, parseBgMax } from './bgmax';
import { parseCamt054 } from './camt';
import { bankFileText } from './text';
import type { BankFileResult } from './types';
import type { XmlParser } from './xml';

export type { BankFile, BankFileFormat, BankFileResult, BankPayment } from './types';
export { shownReference } from './types';
export { base64ToBytes, bankFileText } from './text';
export type { XmlDocument, XmlElement, XmlParser } from './xml';

/** Reads a bank file's text (already decoded). */
export function parseBankFileText(text: string, xml: XmlParser): BankFileResult {
  const body = text.replace(/^\uFEFF/, '');
  const start = body.trimStart();
  if (start === '') return { ok: false, errors: ['Filen är tom.'] };
  if (start.startsWith('<')) return parseCamt054(body, xml);
  if (looksLikeBgMax(start)) return parseBgMax(start);
  return {
    ok: false,
    errors: [
      'Filen är varken en camt.054-fil (XML) eller en BgMax-fil från Bankgirot. Hämta inbetalningarna till bankgirot som camt.054 (eller BgMax) från banken.',
    ],
  };
}

/** Reads a bank file's bytes. */
export function parseBankFile(bytes: Uint8Array, xml: XmlParser): BankFileResult {
  return parseBankFileText(bankFileText(bytes), xml);
}
