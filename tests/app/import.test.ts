// Importera närvaro (SPEC §12) through the use case both hosts call, on the memory workbook.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/app/import/csv';
import { planImport, runImport } from '../../src/app/import/plan';
import { ImportFileError } from '../../src/app/import/table';
import { CalendarDate } from '../../src/workbook/port';
import { MemoryWorkbook } from '../fixtures/memoryPort';
import { IMPORT_TAB } from '../../src/workbook/importSchema';
import { date, standardTabs } from '../fixtures/workbook';
import { previewBilling } from '../../src/app/bill';

const EN = `"User's Fullname","User's Email","User's Organisation Name","Course Name","Session Start Date","Status"`;
const SV = `Användarens fullständiga namn;Användarens e-post;Användarens organisationsnamn;Kursnamn;Sessionens startdatum;Närvaro`;

function book(): MemoryWorkbook {
  return new MemoryWorkbook(standardTabs());
}

function run(port: MemoryWorkbook, csv: string, tab?: string) {
  return runImport(port, readCsv(csv), {
    file: 'export.csv',
    logUser: 'admin@example.se',
    logRefusal: true,
    ...(tab ? { tab } : {}),
  });
}

function tabRows(port: MemoryWorkbook, name: string) {
  return port.read(name).slice(1);
}

describe('Importera närvaro', () => {
  it('imports an English export: full days, half days, and every skip reason with its line', () => {
    const port = book();
    const csv = [
      EN,
      `Anna Ny,anna@lulea.se,Luleå kommun,"Barn och unga, bas",2024-05-13 09:00,Fully attended`,
      `Bo Ny,bo@boden.se,Boden,ALD-F1,13/05/2024,Partially attended`,
      `Cilla,c@pitea.se,Piteå,MOB-S1,2024-09-20,No show`,
      `Dan,d@pitea.se,Piteå,MOB-S1,2024-09-20,Unable to attend`,
      `Eva,e@pitea.se,Piteå,MOB-S1,2024-09-20,Not set`,
      `Fia,f@x.se,Stockholm,MOB-S1,2024-09-20,Fully attended`,
      `Gun,g@pitea.se,Piteå,Okänd kurs,2024-09-20,Fully attended`,
      `Anna Ny,anna@lulea.se,Lulea,BOU-B1,13 May 2024,Fully attended`,
      `Anna Andersson,,Luleå,BOU-B1,2024-02-10,Fully attended`,
    ].join('\n');
    const outcome = run(port, csv);
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(outcome.plan!.skipped.map((s) => [s.line, s.reason])).toEqual([
      [4, 'status'],
      [5, 'status'],
      [6, 'status'],
      [7, 'unknown municipality'],
      [8, 'unknown course'],
      [9, 'duplicate'],
      [10, 'duplicate'],
    ]);
    const rows = tabRows(port, IMPORT_TAB.target);
    // BOU-B1 runs 2024-01-15..2025-12-15 (701 calendar days); ALD-F1 2024-03-01..2025-06-30 (487, half 243.5).
    expect(rows).toEqual([
      [date('2024-05-13'), 'BOU-B1', 'Anna Ny', 'Luleå', 701, '', 'anna@lulea.se'],
      [date('2024-05-13'), 'ALD-F1', 'Bo Ny', 'Boden', 243.5, '', 'bo@boden.se'],
    ]);
    // So many days per participant are warned about, once per course, pointing at Kursdagar.
    const warnings = outcome.issues.filter((i) => i.severity === 'warning');
    expect(warnings.map((w) => [w.tab, w.column, w.message.slice(0, 38)])).toEqual([
      ['Kurser', 'Kursdagar', 'Kursen BOU-B1 ger 701 dagar per deltag'],
      ['Kurser', 'Kursdagar', 'Kursen ALD-F1 ger 243,5 dagar per delt'],
    ]);
    expect(warnings[0].message).toContain('kalenderdagarna från Startdatum till Slutdatum, eftersom Kursdagar är tom');
    expect(warnings[0].row).toBe(2);
    const log = port.read('Logg');
    expect(log[1][2]).toBe('Import av närvaro');
    expect(log[1][3]).toContain('2 rader tillagda i fliken Närvaro import, 7 överhoppade');
  });

  it('reads Swedish headers, semicolons, a BOM, Kursdagar and e-mail domains', () => {
    const tabs = standardTabs();
    tabs['Kurser'][0].push('Kursdagar');
    tabs['Kurser'][1].push(2); // BOU-B1: 2 days
    tabs['Kommuner'][0].push('E-postdomän');
    const lulea = tabs['Kommuner'].findIndex((r) => r[0] === 'Luleå');
    tabs['Kommuner'][lulea].push('lulea.se');
    const port = new MemoryWorkbook(tabs);
    const csv = `\ufeff${SV}\r\nÅsa Öberg;asa@soc.lulea.se;Socialförvaltningen;barn och unga,  bas;2024-05-13;Deltog fullt ut\r\nPer;per@lulea.se;;BOU-B1;2024-05-14;Deltog delvis\r\nLisa;lisa@lulea.se;;BOU-B1;2024-05-14;Uteblev\r\n`;
    const outcome = run(port, csv);
    expect(outcome.plan!.skipped).toEqual([{ line: 4, reason: 'status', message: expect.any(String) }]);
    expect(outcome.issues.filter((i) => i.severity === 'warning')).toEqual([]); // 2 days (Kursdagar) is plausible
    expect(tabRows(port, IMPORT_TAB.target)).toEqual([
      [date('2024-05-13'), 'BOU-B1', 'Åsa Öberg', 'Luleå', 2, '', 'asa@soc.lulea.se'],
      [date('2024-05-14'), 'BOU-B1', 'Per', 'Luleå', 1, '', 'per@lulea.se'],
    ]);
  });

  it('adds nothing when the same export is imported again, and recognises the e-mail of a row', () => {
    const port = book();
    const csv = `${EN}\nAnna Ny,anna@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended\n`;
    expect(run(port, csv).plan!.rows).toHaveLength(1);
    const again = run(port, csv);
    expect(again.plan!.rows).toHaveLength(0);
    expect(again.plan!.skipped.map((s) => s.reason)).toEqual(['duplicate']);
    // The same e-mail, course and date under another spelling of the name is the same attendance.
    const renamed = run(port, `${EN}\nAnna Nyström,ANNA@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended\n`);
    expect(renamed.plan!.skipped.map((s) => s.reason)).toEqual(['duplicate']);
    expect(tabRows(port, IMPORT_TAB.target)).toHaveLength(1);
  });

  it("keeps names as text: =1+1 and Totara's protected values stay literal", () => {
    const port = book();
    run(
      port,
      `${EN}\n"\t=1+1",a@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended\n"'@anna",b@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended\n`,
    );
    const rows = tabRows(port, IMPORT_TAB.target);
    expect(rows.map((r) => r[2])).toEqual(['=1+1', '@anna']);
    const t = port.tab(IMPORT_TAB.target)!;
    expect(t.formats[1][2]).toBe('@');
  });

  it('reads quoted fields with commas and line breaks, and names the line of each row', () => {
    const port = book();
    const csv = `${EN},Comment\nAnna,a@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended,"two\nlines, here"\nBo,b@x.se,Stockholm,BOU-B1,2024-05-13,Fully attended,\n`;
    const outcome = run(port, csv);
    expect(outcome.plan!.skipped).toEqual([{ line: 4, reason: 'unknown municipality', message: expect.any(String) }]);
  });

  it('reports a malformed file by its line and imports nothing', () => {
    expect(() => readCsv(`${EN}\nA,a@x.se,Luleå,BOU-B1,2024-05-13,Fully attended,extra\n`)).toThrow(ImportFileError);
    const fields = (() => {
      try {
        readCsv(
          `${EN}\nA,a@x.se,Luleå,BOU-B1,2024-05-13,Fully attended\nB,b@x.se,Luleå,BOU-B1,2024-05-13,Fully attended,extra\n`,
        );
      } catch (e) {
        return e as ImportFileError;
      }
      throw new Error('no error');
    })();
    expect(fields.line).toBe(3);
    expect(fields.message).toContain('Rad 3');
    const quote = (() => {
      try {
        readCsv(
          `${EN}\nA,a@x.se,Luleå,BOU-B1,2024-05-13,Fully attended\n"B,b@x.se,Luleå,BOU-B1,2024-05-13,Fully attended\nC,c@x.se,Luleå,BOU-B1,2024-05-13,Fully attended\n`,
        );
      } catch (e) {
        return e as ImportFileError;
      }
      throw new Error('no error');
    })();
    expect(quote.line).toBe(3);
    expect(quote.message).toContain('rad 3');
  });

  it('refuses a file without a required column, naming the headers found', () => {
    const port = book();
    const outcome = run(port, `Name,Course Name,Status\nAnna,BOU-B1,Fully attended\n`);
    expect(outcome.plan).toBeNull();
    const error = outcome.issues.find((i) => i.column === 'Datum')!;
    expect(error.message).toContain('"Name", "Course Name", "Status"');
    expect(port.tabNames()).not.toContain(IMPORT_TAB.target);
    expect(port.read('Logg')[1][4]).toBe('Nekad');
  });

  it('refuses an ambiguous or unreadable date rather than guessing', () => {
    const port = book();
    const outcome = run(
      port,
      `${EN}\nAnna,a@lulea.se,Luleå,BOU-B1,05/06/24,Fully attended\nBo,b@lulea.se,Luleå,BOU-B1,igår,Fully attended\n`,
    );
    expect(outcome.plan).toBeNull();
    expect(outcome.issues.map((i) => [i.row, i.column, i.value])).toEqual([
      [2, 'Session Start Date', '05/06/24'],
      [3, 'Session Start Date', 'igår'],
    ]);
    expect(outcome.issues[0].message).toContain('tvetydigt');
  });

  it('takes headers an administrator adds in Importmappning', () => {
    const tabs = standardTabs();
    tabs[IMPORT_TAB.mapping] = [
      ['Fält', 'Rubrik i exporten'],
      ['Deltagare', 'Medarbetare'],
      ['Kommun', 'Arbetsgivare'],
    ];
    const port = new MemoryWorkbook(tabs);
    const outcome = run(port, `Medarbetare,Arbetsgivare,Kurs-ID,Datum,Status\nAnna,Luleå,BOU-B1,2024-05-13,100\n`);
    expect(outcome.plan!.rows.map((r) => [r.person, r.municipality])).toEqual([['Anna', 'Luleå']]);
  });

  it('appends to a chosen Närvaro tab below its rows and refuses a tab that billing would not read', () => {
    const port = book();
    run(port, `${EN}\nAnna Ny,a@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended\n`, 'Närvaro 2024');
    const rows = port.read('Närvaro 2024');
    expect(rows[0]).toEqual(['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Fakturanummer', 'E-post']);
    expect(rows[8]).toEqual([date('2024-05-13'), 'BOU-B1', 'Anna Ny', 'Luleå', 701, '', 'a@lulea.se']);
    const refused = run(port, `${EN}\nAnna Ny,a@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended\n`, 'Import');
    expect(refused.plan).toBeNull();
  });

  it('writes nothing in a dry run', () => {
    const port = book();
    const before = port.calls.length;
    const outcome = runImport(port, readCsv(`${EN}\nAnna Ny,a@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended\n`), {
      file: 'x.csv',
      logUser: 'a',
      dryRun: true,
    });
    expect(outcome.plan!.rows).toHaveLength(1);
    expect(port.calls.slice(before).filter((c) => c.op !== 'read')).toEqual([]);
  });

  it('imports a 10 000-row export with one block write, and the next billing run bills it', () => {
    const port = book();
    const lines = [EN];
    const places = ['Luleå', 'Boden', 'Piteå', 'Kiruna'];
    for (let i = 0; i < 10_000; i++)
      lines.push(
        `Person ${i},p${i}@example.se,${places[i % 4]},MOB-S1,2024-09-${String(1 + (i % 28)).padStart(2, '0')},${i % 10 === 0 ? 'No show' : i % 2 ? 'Partially attended' : 'Fully attended'}`,
      );
    const outcome = run(port, lines.join('\n'));
    expect(outcome.plan!.rows).toHaveLength(9000);
    expect(outcome.plan!.skipped).toHaveLength(1000);
    const writes = port.calls.filter((c) => c.op === 'write' && c.tab === IMPORT_TAB.target);
    expect(writes).toEqual([{ op: 'write', tab: IMPORT_TAB.target, row: 2, col: 1, rows: 9000, cols: 7 }]);
    const billing = previewBilling(port, { month: '2024-12', invoiceDate: '2024-12-20' });
    expect(billing.issues.filter((i) => i.severity === 'error')).toEqual([]);
    // MOB-S1 is 2024-09-01..2024-12-31: 122 days; 4 000 full and 5 000 half attendances, plus Eva Ek's 3 days.
    const mob = billing
      .plan!.invoices.flatMap((inv) => inv.lines)
      .filter((l) => l.kind === 'variable' && l.courseId === 'MOB-S1');
    const days = mob.reduce((s, l) => s + Number((l as { quantity: { toString(): string } }).quantity.toString()), 0);
    expect(days).toBe(4000 * 122 + 5000 * 61 + 3);
  });
});

describe('planImport', () => {
  it('plans against the workbook as read, without writing', () => {
    const port = book();
    const plan = planImport(port, readCsv(`${EN}\nAnna,a@lulea.se,Luleå,BOU-B1,2024-05-13,Fully attended\n`), {
      file: 'x.csv',
    }).plan!;
    expect(plan.tab).toBe('Närvaro import');
    expect(plan.createsTab).toBe(true);
    expect(plan.rows[0].date).toBe('2024-05-13');
    expect(new CalendarDate(plan.rows[0].date).iso).toBe('2024-05-13');
  });
});
