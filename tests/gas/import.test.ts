// "Importera närvaro" through the built dist/gas/Code.js in node:vm with the Apps Script fakes:
// the menu item, the dialog, the preview that writes nothing, the confirmation with one block
// write, Logg, the lock, administrators, and a second import that adds nothing.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createGasEnvironment } from './fakes';
import { loadBundle, plain } from './harness';
import { settingsTab, standardTabs, toGasTabs } from '../fixtures/workbook';

const CSV = [
  `"User's Fullname","User's Email","User's Organisation Name","Course Name","Session Start Date","Status"`,
  `"Anna Ny",anna@lulea.se,"Luleå kommun",BOU-B1,2024-05-13,"Fully attended"`,
  `"'=1+1",bo@boden.se,Boden,"Äldreomsorg, fördjupning",13/05/2024,"Partially attended"`,
  `Cilla,c@pitea.se,Piteå,MOB-S1,2024-09-20,"No show"`,
  `Dan,d@x.se,Stockholm,MOB-S1,2024-09-20,"Fully attended"`,
  `Eva,e@pitea.se,Piteå,"Okänd kurs",2024-09-20,"Fully attended"`,
  `"Anna Ny",anna@lulea.se,Lulea,BOU-B1,13 May 2024,"Fully attended"`,
].join('\r\n');

interface View {
  ok: boolean;
  tab: string;
  rows: { line: number; courseId: string; person: string; municipality: string; days: string }[];
  skipped: { line: number; reason: string }[];
  errors: string[];
  written: boolean;
}

function world(tabs = standardTabs()) {
  const env = createGasEnvironment({ tabs: toGasTabs(tabs) });
  const ctx = loadBundle(env);
  return { env, ctx };
}

/** The CSV above as Totara's .xlsx export: shared strings, and the ISO dates as date cells. */
async function xlsxOfCsv(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Report');
  for (const line of CSV.split('\r\n')) {
    const cells = [...line.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)].map((m) => (m[1] ?? m[2]).replace(/""/g, '"'));
    ws.addRow(cells.map((c) => (/^\d{4}-\d{2}-\d{2}$/.test(c) ? new Date(`${c}T00:00:00Z`) : c)));
  }
  ws.getColumn(5).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('Importera närvaro in Code.js', () => {
  it('opens its dialog from the menu, in the order of SPEC §6', () => {
    const { env, ctx } = world();
    ctx.onOpen({});
    const captions = env.ui.menus.at(-1)!.items.map((i) => ('caption' in i ? i.caption : ''));
    // SPEC §6: … Skicka fakturor · Kreditera faktura · Betalningar och påminnelser · Importera närvaro · Exportera …
    expect(captions.indexOf('Importera närvaro')).toBeGreaterThan(captions.indexOf('Kreditera faktura'));
    expect(captions.indexOf('Importera närvaro')).toBe(captions.indexOf('Exportera e-fakturor och bokföring') - 1);
    ctx.menuImport();
    expect(env.ui.lastDialog().title).toBe('Importera närvaro');
    expect(env.ui.lastDialog().content).toContain('importPreview');
    expect(plain(ctx.importOptions())).toEqual({
      tabs: ['Närvaro 2024', 'Närvaro 2025'],
      defaultTab: 'Närvaro import',
    });
  });

  it('previews without writing, then imports with one block write and a Logg row; the second import adds nothing', () => {
    const { env, ctx } = world();
    const before = JSON.stringify(env.spreadsheet.tabNames().map((n) => env.spreadsheet.read(n)));
    const preview = plain<View>(ctx.importPreview({ text: CSV, file: 'export.csv' }));
    expect(preview.ok).toBe(true);
    expect(preview.rows.map((r) => [r.line, r.courseId, r.person, r.municipality, r.days])).toEqual([
      [2, 'BOU-B1', 'Anna Ny', 'Luleå', '701'],
      [3, 'ALD-F1', '=1+1', 'Boden', '243,5'],
    ]);
    expect(preview.skipped).toEqual([
      { line: 4, reason: 'status', reasonText: 'Status', message: expect.any(String) },
      { line: 5, reason: 'unknown municipality', reasonText: 'Okänd kommun', message: expect.any(String) },
      { line: 6, reason: 'unknown course', reasonText: 'Okänd kurs', message: expect.any(String) },
      { line: 7, reason: 'duplicate', reasonText: 'Dubblett', message: expect.any(String) },
    ]);
    expect(JSON.stringify(env.spreadsheet.tabNames().map((n) => env.spreadsheet.read(n)))).toBe(before);

    env.tracker.reset();
    const done = plain<View>(ctx.importConfirm({ text: CSV, file: 'export.csv' }));
    expect(done.written).toBe(true);
    const rows = env.spreadsheet.read('Närvaro import');
    expect(rows[0]).toEqual(['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Fakturanummer', 'E-post']);
    expect(rows.slice(1).map((r) => r.slice(1, 5))).toEqual([
      ['BOU-B1', 'Anna Ny', 'Luleå', 701],
      ['ALD-F1', '=1+1', 'Boden', 243.5],
    ]);
    const log = env.spreadsheet.read('Logg');
    expect(log.at(-1)!.slice(2)).toEqual([
      'Import av närvaro',
      expect.stringContaining('2 rader tillagda i fliken Närvaro import'),
      'Klar',
    ]);

    const again = plain<View>(ctx.importConfirm({ text: CSV, file: 'export.csv' }));
    expect(again.written).toBe(false);
    expect(again.rows).toEqual([]);
    expect(env.spreadsheet.read('Närvaro import')).toHaveLength(3);

    // The next billing run bills the imported rows.
    const bill = plain<{
      written: boolean;
      invoices: { municipality: string; lines: { courseId?: string; quantity?: string }[] }[];
    }>(ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' }));
    expect(bill.written).toBe(true);
    const stamps = env.spreadsheet
      .read('Närvaro import')
      .slice(1)
      .map((r) => r[5]);
    expect(stamps.every((s) => /^YR-2024-\d{4}$/.test(String(s)))).toBe(true);
  });

  it('reads an .xlsx export (Utilities.unzip, its XML parsed in JavaScript) with the same rows and skips as its CSV', async () => {
    const { env, ctx } = world();
    const csv = plain<View>(ctx.importPreview({ text: CSV, file: 'export.csv' }));
    const xlsx = plain<View>(ctx.importPreview({ xlsx: await xlsxOfCsv(), file: 'export.xlsx' }));
    expect(xlsx.errors).toEqual([]);
    expect(xlsx.rows).toEqual(csv.rows);
    expect(xlsx.skipped).toEqual(csv.skipped);
    expect(env.calls['Utilities.unzip']).toBe(1);
    expect(env.tracker.countMatching(/^Xml/)).toBe(0);
    const done = plain<View>(ctx.importConfirm({ xlsx: await xlsxOfCsv(), file: 'export.xlsx' }));
    expect(done.written).toBe(true);
    expect(
      env.spreadsheet
        .read('Närvaro import')
        .slice(1)
        .map((r) => r[2]),
    ).toEqual(['Anna Ny', '=1+1']);
  });

  it('refuses a file that is no .xlsx workbook in Swedish, and writes nothing', () => {
    const { env, ctx } = world();
    const v = plain<View>(
      ctx.importPreview({ xlsx: Buffer.from('inte en zip-fil').toString('base64'), file: 'rapport.xlsx' }),
    );
    expect(v.ok).toBe(false);
    expect(v.errors).toEqual([
      'rapport.xlsx – Filen kunde inte läsas som Excel-arbetsbok (.xlsx). Exportera rapporten från Totara på nytt.',
    ]);
    expect(env.spreadsheet.tabNames()).not.toContain('Närvaro import');
  });

  it('reports a malformed file with its line and writes nothing', () => {
    const { env, ctx } = world();
    const bad = plain<View>(
      ctx.importConfirm({ text: `${CSV}\nX,x@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended,extra`, file: 'bad.csv' }),
    );
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toContain('rad 8');
    expect(env.spreadsheet.tabNames()).not.toContain('Närvaro import');
  });

  it('lets only Administratörer import when that setting is filled, and logs the refusal', () => {
    const tabs = standardTabs();
    tabs['Inställningar'] = settingsTab({ Administratörer: 'annan@norrbotten.example' });
    const { env, ctx } = world(tabs);
    const view = plain<View>(ctx.importConfirm({ text: CSV, file: 'export.csv' }));
    expect(view.ok).toBe(false);
    expect(view.errors[0]).toContain('får importera närvaro');
    expect(env.spreadsheet.tabNames()).not.toContain('Närvaro import');
    expect(env.spreadsheet.read('Logg').at(-1)![4]).toBe('Nekad');
  });

  it('refuses while another run holds the document lock', () => {
    const { env, ctx } = world();
    env.locks.document.heldElsewhere = true;
    expect(() => ctx.importConfirm({ text: CSV, file: 'export.csv' })).toThrow(/En annan körning pågår/);
    expect(env.spreadsheet.tabNames()).not.toContain('Närvaro import');
  });
});
