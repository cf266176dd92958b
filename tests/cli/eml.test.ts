import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { buildEml } from '../../src/cli/eml';
import { renderPdf } from '../../src/cli/pdf';
import { XlsxWorkbook } from '../../src/cli/xlsx';
import { CalendarDate } from '../../src/workbook/port';
import { sendAsFiles } from '../../src/cli/mailFiles';
import { documentToLines } from '../../src/workbook/documentText';
import { MEMBERS, TAB } from '../../src/workbook/schema';
import { billedWorkbook, emailOf, registerRows, setMunicipalityCell } from '../app/sendFixture';
import { pdfText, squash } from './pdfText';

// ---- a small RFC 5322 / MIME reader, enough to check what a mail client would see

interface Part {
  headers: Record<string, string>; // lower-cased names, unfolded
  body: Buffer; // decoded
  parts: Part[];
}

function decodeWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([QqBb])\?([^?]*)\?=(\s+(?==\?))?/g,
    (_all, charset: string, enc: string, text: string) => {
      if (!/^utf-8$/i.test(charset)) throw new Error(`unexpected charset ${charset}`);
      if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    },
  );
}

function parsePart(raw: Buffer): Part {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const bodyText = text.slice(split + 4);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const chunks = bodyText.split(`--${boundary}`).slice(1, -1);
    return {
      headers,
      body: Buffer.alloc(0),
      parts: chunks.map((c) => parsePart(Buffer.from(c.replace(/^\r\n/, '').replace(/\r\n$/, ''), 'latin1'))),
    };
  }
  const enc = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let body: Buffer;
  if (enc === 'base64') body = Buffer.from(bodyText.replace(/\s+/g, ''), 'base64');
  else if (enc === 'quoted-printable') {
    body = Buffer.from(
      bodyText
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  } else body = Buffer.from(bodyText, 'latin1');
  return { headers, body, parts: [] };
}

function leaves(part: Part): Part[] {
  return part.parts.length ? part.parts.flatMap(leaves) : [part];
}

function attachmentName(part: Part): string {
  const disposition = part.headers['content-disposition'] ?? '';
  const star = /filename\*0\*=utf-8''([^;\s]+)/i.exec(disposition)?.[1];
  if (star) return decodeURIComponent(star);
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? '';
  return decodeWords(plain);
}

// ----

describe('buildEml', () => {
  test('an RFC 5322 message with UTF-8 headers, text, HTML and the PDF attached', async () => {
    const pdf = new Uint8Array(Buffer.from('%PDF-1.4 fake\n%%EOF\n'));
    const eml = await buildEml({
      from: { name: 'Norrbottens Kommuner', address: 'faktura@nbkommuner.example' },
      to: 'socialchef@overtornea.example',
      replyTo: 'faktura@nbkommuner.example',
      subject: 'Faktura YR-2024-0014 – Yrkesresan, kurser t.o.m. 31 december 2024 – Övertorneå kommun',
      text: 'Hej Åsa,\nAtt betala: 1 550,00 kr',
      html: '<p>Hej Åsa,</p>',
      attachment: { fileName: 'YR-2024-0014 Övertorneå.pdf', content: pdf },
      date: new Date('2024-12-21T09:30:00Z'),
    });
    const raw = Buffer.from(eml);
    expect(/[^\x00-\x7f]/.test(raw.toString('latin1'))).toBe(false); // 7-bit clean: everything encoded
    const msg = parsePart(raw);
    expect(msg.headers.to).toBe('socialchef@overtornea.example');
    expect(msg.headers['reply-to']).toBe('faktura@nbkommuner.example');
    expect(decodeWords(msg.headers.from)).toBe('Norrbottens Kommuner <faktura@nbkommuner.example>');
    expect(msg.headers.subject).not.toContain('Ö');
    expect(decodeWords(msg.headers.subject)).toBe(
      'Faktura YR-2024-0014 – Yrkesresan, kurser t.o.m. 31 december 2024 – Övertorneå kommun',
    );
    expect(msg.headers.date).toBe('Sat, 21 Dec 2024 09:30:00 +0000');
    expect(msg.headers['mime-version']).toBe('1.0');
    expect(msg.headers['content-type']).toMatch(/^multipart\/mixed/);
    const parts = leaves(msg);
    expect(parts.map((p) => p.headers['content-type'].split(';')[0])).toEqual([
      'text/plain',
      'text/html',
      'application/pdf',
    ]);
    expect(parts[0].body.toString('utf8')).toBe('Hej Åsa,\nAtt betala: 1 550,00 kr');
    expect(parts[1].body.toString('utf8')).toBe('<p>Hej Åsa,</p>');
    expect(attachmentName(parts[2])).toBe('YR-2024-0014 Övertorneå.pdf');
    expect(parts[2].headers['content-disposition']).toMatch(/^attachment/);
    expect(parts[2].body.equals(Buffer.from(pdf))).toBe(true);
  });
});

describe('sendAsFiles', () => {
  test('writes one .eml per invoice into DIR/mail and records Skickad like Apps Script', async () => {
    const { wb, numbers } = billedWorkbook();
    const out = mkdtempSync(join(tmpdir(), 'yrkesresan-mail-'));
    const now = () => new Date('2024-12-21T09:30:00Z');
    const { files, report } = await sendAsFiles(wb, numbers, out, { now });
    expect(report).toMatchObject({ ok: true, sent: 14, failed: 0 });
    expect(files).toHaveLength(14);
    const names = readdirSync(join(out, 'mail')).sort();
    expect(names).toEqual(
      registerRows(wb)
        .map((r) => `${r.Fakturanummer} ${r.Kommun}.eml`)
        .sort(),
    );
    for (const r of registerRows(wb)) {
      expect(r).toMatchObject({
        Status: 'Skickad',
        Skickad: new CalendarDate('2024-12-21', '10:30'), // a date-time cell, Swedish time
        Mottagare: emailOf(String(r.Kommun)),
      });
    }

    for (const name of ['Luleå', 'Älvsbyn', 'Övertorneå']) {
      const row = registerRows(wb).find((r) => r.Kommun === name)!;
      const msg = parsePart(readFileSync(join(out, 'mail', `${row.Fakturanummer} ${name}.eml`)));
      expect(msg.headers.to).toBe(emailOf(name));
      expect(msg.headers['reply-to']).toBe('faktura@nbkommuner.example');
      expect(decodeWords(msg.headers.subject)).toBe(
        `Faktura ${row.Fakturanummer} – Yrkesresan, kurser t.o.m. 31 december 2024 – ${MEMBERS.find((m) => m.name === name)!.legalName}`,
      );
      const [text, html, pdf] = leaves(msg);
      expect(text.body.toString('utf8')).toContain(`OCR: ${row.OCR}`);
      expect(html.body.toString('utf8')).toContain(`<strong>${row.OCR}</strong>`);
      expect(attachmentName(pdf)).toBe(`${row.Fakturanummer} ${name}.pdf`);
      // The attached PDF says what the invoice sheet says.
      const sheet = wb.tabNames().find((n) => n.startsWith(`${row.Fakturanummer} `))!;
      const extracted = await pdfText(new Uint8Array(pdf.body));
      // Below the running line every page begins with (page number, who, which document, to whom).
      const doc = wb.tab(sheet)!.doc!;
      const running = `Sida 1 av ${extracted.pages}${doc.paging!.running.join('·')}`;
      expect(extracted.pages).toBe(1);
      expect(squash(extracted.text)).toBe(squash(running + documentToLines(doc).join('')));
      expect(extracted.text).toContain(name);
    }

    // A second run has nothing left to send and writes no files.
    const again = await sendAsFiles(wb, numbers, mkdtempSync(join(tmpdir(), 'yrkesresan-mail-')), { now });
    expect(again.files).toEqual([]);
    expect(again.report.sent).toBe(0);
  });

  test('what the administrator reviewed is what is sent: an edit in the invoice sheet reaches the PDF', async () => {
    const { wb } = billedWorkbook();
    const row = registerRows(wb).find((r) => r.Kommun === 'Övertorneå')!;
    const sheet = wb.tabNames().find((n) => n.startsWith(`${row.Fakturanummer} `))!;
    const cells = wb.read(sheet);
    const refRow = cells.findIndex((r) => String(r[0]).startsWith('Er referens'));
    expect(refRow).toBeGreaterThan(0);
    wb.write(sheet, refRow + 1, 1, [['Er referens: Åke Ödmark, kostnadsställe 4711']]);
    const out = mkdtempSync(join(tmpdir(), 'yrkesresan-mail-'));
    await sendAsFiles(wb, [String(row.Fakturanummer)], out);
    const msg = parsePart(readFileSync(join(out, 'mail', `${row.Fakturanummer} Övertorneå.eml`)));
    const pdf = await pdfText(new Uint8Array(leaves(msg)[2].body));
    expect(pdf.text).toContain('Er referens: Åke Ödmark, kostnadsställe 4711');
    expect(pdf.text).not.toContain('Ref Övertorneå');
  });

  test('an invoice whose address became invalid is left Skapad and reported; the others are written', async () => {
    const { wb, numbers } = billedWorkbook();
    setMunicipalityCell(wb, 'Haparanda', 'E-post', 'haparanda.se');
    const out = mkdtempSync(join(tmpdir(), 'yrkesresan-mail-'));
    const { files, report } = await sendAsFiles(wb, numbers, out);
    expect(files).toHaveLength(13);
    expect(report.results.find((r) => r.municipality === 'Haparanda')).toMatchObject({ outcome: 'skipped' });
    expect(registerRows(wb).find((r) => r.Kommun === 'Haparanda')!.Status).toBe('Skapad');
    expect(wb.read(TAB.invoices).length).toBe(15);
  });

  test('on an .xlsx workbook the mailed PDF, read back from the saved invoice sheet, equals the PDF of the billed document', async () => {
    const xlsx = await XlsxWorkbook.open(join(import.meta.dirname, '../../examples/exempel.xlsx'));
    const outcome = runBilling(xlsx, { month: '2024-12', invoiceDate: '2024-12-20' });
    expect(outcome.written).toBe(true);
    // Save and reopen: the invoice sheets are now what ExcelJS stored.
    const reopened = await XlsxWorkbook.fromBuffer(await xlsx.toBuffer());
    const out = mkdtempSync(join(tmpdir(), 'yrkesresan-mail-'));
    const { report } = await sendAsFiles(
      reopened,
      outcome.plan!.invoices.map((i) => i.number),
      out,
    );
    expect(report.sent).toBe(outcome.plan!.invoices.length);
    for (const name of ['Luleå', 'Älvsbyn', 'Övertorneå']) {
      const billed = outcome.documents.find((d) => d.invoice.municipality === name)!;
      const msg = parsePart(readFileSync(join(out, 'mail', `${billed.invoice.number} ${name}.eml`)));
      const mailed = await pdfText(new Uint8Array(leaves(msg)[2].body));
      const direct = await pdfText(await renderPdf(billed.doc));
      expect(squash(mailed.text)).toBe(squash(direct.text));
      expect(mailed.lines).toEqual(direct.lines);
      expect(mailed.text).toContain(billed.invoice.ocr);
    }
  });
});
