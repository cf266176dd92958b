/** Kreditera faktura on a workbook (SPEC §8): refusals write nothing, a credit writes all of itself, a crash anywhere is completed. */
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { previewCredit, runCredit } from '../../src/app/credit';
import { money2 } from '../../src/core/money';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { readWorkbook } from '../../src/workbook/read';
import { INVOICE_HEADERS } from '../../src/workbook/schema';
import { baseWorkbook, logRows, outsideLog, settingsTab, withoutLog } from '../workbook/fixtures';

const MAY = { month: '2024-05', invoiceDate: '2024-05-20' };

function billedMay(): MemoryWorkbook {
  const wb = new MemoryWorkbook(baseWorkbook());
  expect(runBilling(wb, MAY).written).toBe(true);
  return wb;
}

const LULEÅ = 'YR-2024-0009';
const credit = (invoice = LULEÅ, date = '2024-06-10', reason = 'Fel antal dagar') => ({ invoice, date, reason });

function fakturor(wb: MemoryWorkbook): Record<string, string>[] {
  const [header, ...rows] = wb.read('Fakturor');
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), String(r[i] ?? '')])));
}

describe('runCredit', () => {
  it('writes the credit note, its lines and the mirror on the credited invoice', () => {
    const wb = billedMay();
    const linesBefore = wb.read('Fakturarader').length;
    const outcome = runCredit(wb, credit());
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(outcome.written).toBe(true);
    expect(outcome.plan!.note.number).toBe('YR-2024-0015');
    expect(outcome.sheet!.sheet).toBe('YR-2024-0015 Luleå');
    expect(wb.tabNames()).toContain('YR-2024-0015 Luleå');

    const rows = fakturor(wb);
    const note = rows.find((r) => r.Fakturanummer === 'YR-2024-0015')!;
    expect(note).toMatchObject({
      Kommun: 'Luleå',
      Period: '2024-05',
      Belopp: '-308292',
      Status: 'Skapad',
      Krediterar: LULEÅ,
      'Krediterad av': '',
    });
    const luleå = rows.find((r) => r.Fakturanummer === LULEÅ)!;
    expect(luleå).toMatchObject({ Status: 'Krediterad', 'Krediterad av': 'YR-2024-0015', Belopp: '308292' });
    expect(wb.read('Fakturarader').length).toBe(linesBefore + 2);

    const snap = readWorkbook(wb);
    expect(snap.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const registered = snap.input.ledger.invoices.find((i) => i.number === 'YR-2024-0015')!;
    expect([registered.credits, money2(registered.total)]).toEqual([LULEÅ, '-308292.00']);
    expect(
      snap.input.ledger.lines.filter((l) => l.invoiceNumber === 'YR-2024-0015').map((l) => money2(l.line.amount)),
    ).toEqual(['-9300.00', '-298992.00']);
    // The credited stamps stay until the next run overwrites them.
    expect(snap.input.attendance.filter((a) => a.invoiceNumber === LULEÅ).length).toBeGreaterThan(0);
  });

  it('refuses to draw the credit note over a tab of the same name that the tool did not draw, naming it', () => {
    const wb = billedMay();
    wb.createTab('YR-2024-0015 Luleå', { columns: [{ header: 'Att göra' }] });
    wb.write('YR-2024-0015 Luleå', 2, 1, [['ring Luleå om kreditering']]);
    const before = withoutLog(wb.snapshot());
    const outcome = runCredit(wb, credit());
    expect(outcome.written).toBe(false);
    expect(outcome.issues.filter((i) => i.severity === 'error').map((i) => [i.tab, i.value])).toEqual([
      ['YR-2024-0015 Luleå', 'YR-2024-0015 Luleå'],
    ]);
    expect(withoutLog(wb.snapshot())).toEqual(before);
    expect(logRows(wb).at(-1)).toEqual(['Kreditering', 'Nekad']);
  });

  it('refuses an unknown number, a credit note and a credited invoice, writing nothing', () => {
    const wb = billedMay();
    runCredit(wb, credit());
    const before = JSON.stringify(withoutLog(wb.snapshot()));
    const mutations = outsideLog(wb).length;
    for (const [number, text] of [
      ['YR-2024-0099', 'finns inte i fakturaregistret'],
      ['YR-2024-0015', 'är en kreditfaktura'],
      [LULEÅ, 'redan krediterad av YR-2024-0015'],
    ] as const) {
      const outcome = runCredit(wb, credit(number));
      expect(outcome.written).toBe(false);
      expect(outcome.plan).toBeNull();
      const error = outcome.issues.find((i) => i.severity === 'error')!;
      expect(error.message).toContain(text);
      expect(error).toMatchObject({ tab: 'Fakturor', column: 'Fakturanummer', value: number });
    }
    expect(outsideLog(wb).length).toBe(mutations);
    expect(JSON.stringify(withoutLog(wb.snapshot()))).toBe(before);
    // Fakturering, the credit, then the three refusals, each with its reason.
    expect(logRows(wb)).toEqual([
      ['Fakturering', 'Klar'],
      ['Kreditering', 'Klar'],
      ['Kreditering', 'Nekad'],
      ['Kreditering', 'Nekad'],
      ['Kreditering', 'Nekad'],
    ]);
    const details = wb
      .read('Logg')
      .slice(-3)
      .map((r) => String(r[3]));
    expect(details[0]).toContain('YR-2024-0099');
    expect(details[0]).toContain('finns inte i fakturaregistret');
    expect(details[2]).toContain('redan krediterad av YR-2024-0015');
  });

  it('logs every credit note in Logg: who, the numbers, the amount, the reason and what is billed again', () => {
    const wb = billedMay();
    runCredit(wb, credit(), { user: 'Admin@NK.example', logUser: 'admin@nk.example' });
    const last = wb.read('Logg').at(-1)!.map(String);
    expect(last[1]).toBe('admin@nk.example');
    expect([last[2], last[4]]).toEqual(['Kreditering', 'Klar']);
    const [summary, recorded] = last[3].split(' Uppgifter på fakturaflikarna: ');
    expect(summary).toBe(
      'Kreditfaktura YR-2024-0015 krediterar YR-2024-0009 (Luleå, 2024-05-20, 308 292,00 kr), datum 2024-06-10, belopp -308 292,00 kr, ' +
        'orsak: Fel antal dagar; utbildarpotten 3 600,00 kr före, 1 200,00 kr efter; faktureras på nytt: 3 närvarorader, 0 utbildarrader, fast kostnad 2024.',
    );
    // The seller's details as the credit note's sheet was drawn, for a redraw (SPEC §2.7).
    expect(JSON.parse(recorded)).toMatchObject({ Förbund: 'Norrbottens Kommuner', Orsak: 'Fel antal dagar' });
  });

  it('refuses a user outside Administratörer before anything is written', () => {
    const wb = new MemoryWorkbook({
      ...baseWorkbook(),
      Inställningar: settingsTab({ Administratörer: 'Admin@NK.example' }),
    });
    runBilling(wb, MAY);
    const before = JSON.stringify(withoutLog(wb.snapshot()));
    const refused = runCredit(wb, credit(), { user: 'someone@else.example' });
    expect(refused.written).toBe(false);
    expect(refused.issues.find((i) => i.severity === 'error')!.message).toContain('Endast administratörer');
    expect(JSON.stringify(withoutLog(wb.snapshot()))).toBe(before);
    expect(logRows(wb).at(-1)).toEqual(['Kreditering', 'Nekad']);
    expect(runCredit(wb, credit(), { user: 'admin@nk.example' }).written).toBe(true);
  });

  it('previews exactly what it writes, and writes nothing', () => {
    const wb = billedMay();
    const before = JSON.stringify(wb.snapshot());
    const preview = previewCredit(wb, credit());
    expect(JSON.stringify(wb.snapshot())).toBe(before);
    const written = runCredit(wb, credit());
    expect(preview.sheet!.doc).toEqual(written.sheet!.doc);
    expect(preview.plan!.note.number).toBe(written.plan!.note.number);
  });

  it('adds Krediterar and Krediterad av to a register from before credit notes', () => {
    const tabs = baseWorkbook();
    const wb = new MemoryWorkbook(tabs);
    runBilling(wb, MAY);
    // Drop the two columns from the register as an older version wrote it.
    const old = new MemoryWorkbook(
      Object.fromEntries(
        wb.tabNames().map((t) => {
          const data = wb.read(t);
          if (t !== 'Fakturor') return [t, data];
          const keep = data[0]
            .map((h, i) =>
              h === 'Krediterar' || h === 'Krediterad av' || h === 'Betalt' || h === 'Betaldatum' || h === 'Påmind'
                ? -1
                : i,
            )
            .filter((i) => i >= 0);
          return [t, data.map((r) => keep.map((i) => r[i]))];
        }),
      ),
    );
    expect(old.read('Fakturor')[0]).toEqual(INVOICE_HEADERS.slice(0, 11));
    expect(runCredit(old, credit()).written).toBe(true);
    expect(old.read('Fakturor')[0]).toEqual([...INVOICE_HEADERS.slice(0, 11), 'Krediterar', 'Krediterad av']);
    const rows = fakturor(old);
    expect(rows.find((r) => r.Fakturanummer === 'YR-2024-0015')!.Krediterar).toBe(LULEÅ);
    expect(rows.find((r) => r.Fakturanummer === LULEÅ)!['Krediterad av']).toBe('YR-2024-0015');
  });

  it('a crash at any write is completed by a second attempt, exactly as without the crash', () => {
    const reference = billedMay();
    const start = outsideLog(reference).length;
    runCredit(reference, credit());
    // Logg's row comes after the credit's writes; a failure to log never fails the credit.
    const writes = outsideLog(reference).length - start;
    expect(writes).toBeGreaterThanOrEqual(4); // sheet, lines, commit, status, Krediterad av
    const expected = readWorkbook(reference).input.ledger;

    for (let k = 1; k <= writes; k++) {
      const wb = billedMay();
      wb.failOnMutation(k);
      expect(() => runCredit(wb, credit())).toThrow('Simulerat avbrott');
      expect(logRows(wb).at(-1)).toEqual(['Kreditering', 'Avbruten']);
      const after = readWorkbook(wb).input.ledger;
      // Without the credit note, or with it committed.
      expect([expected.invoices.length - 1, expected.invoices.length]).toContain(after.invoices.length);
      const second = runCredit(wb, credit('YR-2024-0009', '2024-06-11', 'andra försöket'));
      expect(second.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const done = readWorkbook(wb).input.ledger;
      const row = (i: (typeof done.invoices)[number]) => [
        i.number,
        money2(i.total),
        i.credits,
        i.creditedBy,
        i.status,
        i.ocr,
      ];
      expect(done.invoices.map(row)).toEqual(expected.invoices.map(row));
      // A credit completed after its commit point keeps its first date; one redone from scratch takes the new one.
      const note = done.invoices.at(-1)!;
      expect(note.invoiceDate).toBe(after.invoices.length === expected.invoices.length ? '2024-06-10' : '2024-06-11');
      expect(done.lines.map((l) => [l.invoiceNumber, money2(l.line.amount)])).toEqual(
        expected.lines.map((l) => [l.invoiceNumber, money2(l.line.amount)]),
      );
      expect(runCredit(wb, credit()).refusal?.kind).toBe('credited');
    }
  });
});
