// The Yrkesresan menu and its own items (Kontrollera data, which also recomputes the custom
// functions, and Skapa/uppdatera flikar) through the built Code.js in node:vm with the fakes.
import { describe, expect, it } from 'vitest';
import { TAB } from '../../src/workbook/schema';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { loadBundle, openSpreadsheet, readBundle, type GasContext } from './harness';
import { date, standardTabs, toGasTabs, type Tabs } from '../fixtures/workbook';

const SPEC_ITEMS = [
  ['Kör fakturering', 'menuBilling'],
  ['Skicka fakturor', 'menuSending'],
  ['Kreditera faktura', 'menuCredit'],
  ['Betalningar och påminnelser', 'menuPayments'],
  ['Importera närvaro', 'menuImport'],
  ['Exportera e-fakturor och bokföring', 'menuExport'],
  ['Kontrollera data', 'menuCheck'],
  ['Uppföljning', 'menuFollowUp'],
  ['Skapa/uppdatera flikar', 'menuSetup'],
];

function world(tabs?: Tabs): { env: GasEnvironment; ctx: GasContext } {
  const env = createGasEnvironment(tabs ? { tabs: toGasTabs(tabs) } : {});
  const ctx = loadBundle(env);
  env.tracker.reset();
  return { env, ctx };
}

describe('onOpen', () => {
  it('adds the Yrkesresan menu: exactly the items of SPEC §6, in order', () => {
    const { env, ctx } = world(standardTabs());
    openSpreadsheet(env, ctx);
    expect(env.ui.menus.map((m) => m.caption)).toEqual(['Yrkesresan']);
    const items = env.ui
      .menu('Yrkesresan')
      .items.map((i) => (i.kind === 'item' ? [i.caption, i.functionName] : [i.kind]));
    expect(items).toEqual(SPEC_ITEMS);
    // The formulas are refreshed by Kör fakturering and Kontrollera data, not by an item of their own.
    expect(readBundle()).not.toMatch(/^function recalculateFormulas\(/m);
  });

  it('uses only SpreadsheetApp.getUi() and the menu builder (a simple trigger)', () => {
    const { env, ctx } = world(standardTabs());
    openSpreadsheet(env, ctx);
    expect(new Set(env.tracker.log.map((c) => c.kind))).toEqual(
      new Set(['SpreadsheetApp.getUi', 'Ui.createMenu', 'Menu.addItem', 'Menu.addToUi']),
    );
  });

  it('points every item at a top-level function of Code.js', () => {
    const { env, ctx } = world();
    ctx.onOpen();
    const code = readBundle();
    for (const item of env.ui.menu('Yrkesresan').items) {
      if (item.kind !== 'item') continue;
      expect(typeof ctx[item.functionName], item.functionName).toBe('function');
      expect(code).toMatch(new RegExp(`^function ${item.functionName}\\(`, 'm'));
    }
  });
});

describe('Kontrollera data', () => {
  it('says so when the workbook is clean', () => {
    const { env, ctx } = world(standardTabs());
    ctx.menuCheck();
    expect(env.ui.lastAlert().prompt).toContain('Inga fel och inga varningar');
    expect(env.spreadsheet.read(TAB.control)).toEqual([
      ['Allvarlighet', 'Flik', 'Rad', 'Kolumn', 'Värde', 'Meddelande', 'Gå till'],
      ['Inga fel och inga varningar.', '', '', '', '', '', ''],
    ]);
  });

  it('lists every issue with a link to its cell, keeps cell text literal, and counts in the alert', () => {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-05-02'), 'BOU-B1', '=IMPORTXML("http://x";"//a")', 'Stockholm', 1, '']); // row 9
    tabs['Närvaro 2024'].push([date('2024-05-03'), 'BOU-B1', 'Per Persson', 'Boden', '-2', '']); // row 10
    const { env, ctx } = world(tabs);
    ctx.menuCheck();
    const rows = env.spreadsheet.read(TAB.control);
    const formulas = env.spreadsheet.formulas(TAB.control);
    const gid = env.spreadsheet.sheet('Närvaro 2024')!.sheetId;

    const stockholm = rows.findIndex((r) => r[4] === 'Stockholm');
    expect(rows[stockholm].slice(0, 5)).toEqual(['Fel', 'Närvaro 2024', 9, 'Kommun', 'Stockholm']);
    expect(formulas[stockholm][6]).toBe(`=HYPERLINK("#gid=${gid}&range=D9","Visa cellen")`);
    const days = rows.findIndex((r) => r[4] === '-2');
    expect(rows[days].slice(0, 4)).toEqual(['Fel', 'Närvaro 2024', 10, 'Dagar']);
    expect(formulas[days][6]).toBe(`=HYPERLINK("#gid=${gid}&range=E10","Visa cellen")`);
    // The only formulas are our links; text from cells stays text.
    expect(formulas.flat().filter((f) => f !== '' && !f.startsWith('=HYPERLINK("#gid='))).toEqual([]);
    expect(env.tracker.log.filter((c) => c.kind === 'Range.setFormulas').map((c) => c.target)).toEqual([
      `Kontroll!G2:G${rows.length}`,
    ]);

    const errors = rows.slice(1).filter((r) => r[0] === 'Fel').length;
    const warnings = rows.slice(1).filter((r) => r[0] === 'Varning').length;
    expect(errors).toBeGreaterThanOrEqual(2);
    expect(env.ui.lastAlert().title).toBe('Kontrollera data');
    expect(env.ui.lastAlert().prompt).toContain(
      `${errors} fel och ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}`,
    );
  });

  it('reads each tab once and redraws Kontroll on the next check', () => {
    const tabs = standardTabs();
    tabs['Närvaro 2024'].push([date('2024-05-02'), 'BOU-B1', 'X', 'Stockholm', 1, '']);
    const { env, ctx } = world(tabs);
    ctx.menuCheck();
    const reads = env.tracker.log.filter((c) => c.kind === 'Range.getValues').map((c) => c.target!.split('!')[0]);
    expect(new Set(reads).size).toBe(reads.length);
    env.spreadsheet.seed('Närvaro 2024', toGasTabs(standardTabs())['Närvaro 2024']);
    ctx.menuCheck();
    expect(env.spreadsheet.read(TAB.control)).toHaveLength(2);
    expect(env.spreadsheet.formulas(TAB.control).flat().filter(Boolean)).toEqual([]);
  });
});

describe('Skapa/uppdatera flikar', () => {
  it('creates the missing tabs, names them, and changes nothing the second time', () => {
    const { env, ctx } = world();
    ctx.menuSetup();
    const names = env.spreadsheet.tabNames();
    for (const tab of [
      TAB.settings,
      TAB.municipalities,
      TAB.courses,
      TAB.attendance,
      TAB.trainers,
      TAB.invoices,
      TAB.lines,
    ]) {
      expect(names).toContain(tab);
    }
    expect(env.ui.lastAlert().prompt).toMatch(/^Skapade flikarna: .*Inställningar.*Kommuner/);
    expect(env.spreadsheet.read(TAB.municipalities)).toHaveLength(15);
    expect(env.spreadsheet.sheet(TAB.invoices)!.protection).not.toBeNull();
    const before = JSON.stringify(names.map((n) => env.spreadsheet.read(n)));
    ctx.menuSetup();
    expect(env.ui.lastAlert().prompt).toBe('Alla flikar finns redan. Inget ändrades.');
    expect(JSON.stringify(env.spreadsheet.tabNames().map((n) => env.spreadsheet.read(n)))).toBe(before);
  });

  it('refuses and creates nothing while another run holds the lock', () => {
    const { env, ctx } = world();
    env.locks.document.heldElsewhere = true;
    expect(() => ctx.menuSetup()).toThrow(/En annan körning pågår redan/);
    expect(env.spreadsheet.tabNames()).toEqual(['Blad1']);
  });
});

describe('Kontrollera data recomputes the custom functions', () => {
  /** Our formulas in two more tabs, among other formulas and text. */
  function withFormulas(env: GasEnvironment) {
    const sheet = env.spreadsheet.seed('Översikt', [
      ['Kommun', 'Fast kostnad', 'Anteckning'],
      ...['Arjeplog', 'Arvidsjaur', 'Boden'].map((name, i) => [
        name,
        { formula: `=FASTKOSTNAD(A${i + 2})`, value: 1 },
        'fri text',
      ]),
      ['Summa', { formula: '=SUM(B2:B4)' }, { formula: '=UTBILDARPOTT(2024;;Närvaro!A:F)' }],
    ]);
    env.spreadsheet.seed('Annat', [[{ formula: '=dagavgift()' }, 5]]);
    env.tracker.reset();
    return sheet;
  }

  /** Writes and flushes outside the Kontroll tab, in order. */
  function writesOutsideControl(env: GasEnvironment): string[] {
    return env.tracker.log
      .filter(
        (c) =>
          /^(Range\.(setValues|setFormulas)|SpreadsheetApp\.flush)$/.test(c.kind) &&
          !(c.target ?? '').startsWith(`${TAB.control}!`),
      )
      .map((c) => `${c.kind} ${c.target ?? ''}`.trim());
  }

  it('rewrites every formula that uses our functions after the check, and nothing else', () => {
    const { env, ctx } = world(standardTabs());
    const sheet = withFormulas(env);
    ctx.menuCheck();

    // Blank first (one write per run of cells), one flush, then the same formulas back.
    expect(writesOutsideControl(env)).toEqual([
      'Range.setValues Översikt!B2:B4',
      'Range.setValues Översikt!C5',
      'Range.setValues Annat!A1',
      'SpreadsheetApp.flush',
      'Range.setFormulas Översikt!B2:B4',
      'Range.setFormulas Översikt!C5',
      'Range.setFormulas Annat!A1',
    ]);
    // After the Kontroll tab is written; one getFormulas per tab, none for Kontroll itself.
    const lastControlWrite = env.tracker.log
      .map((c) => c.target ?? '')
      .reduce((last, t, i) => (t.startsWith(`${TAB.control}!`) ? i : last), -1);
    const firstBlank = env.tracker.log.findIndex((c) => c.kind === 'Range.setValues' && c.target === 'Översikt!B2:B4');
    expect(firstBlank).toBeGreaterThan(lastControlWrite);
    expect(env.calls['Range.getFormulas']).toBe(env.spreadsheet.tabNames().length - 1);

    expect(env.spreadsheet.formulas('Översikt').map((r) => r[1])).toEqual([
      '',
      '=FASTKOSTNAD(A2)',
      '=FASTKOSTNAD(A3)',
      '=FASTKOSTNAD(A4)',
      '=SUM(B2:B4)',
    ]);
    expect(env.spreadsheet.formulas('Översikt')[4][2]).toBe('=UTBILDARPOTT(2024;;Närvaro!A:F)');
    expect(env.spreadsheet.formulas('Annat')[0][0]).toBe('=dagavgift()');
    expect(sheet.values().map((r) => r[2])).toEqual(['Anteckning', 'fri text', 'fri text', 'fri text', '']);
    expect(env.ui.lastAlert().prompt).toBe(
      'Inga fel och inga varningar. Arbetsboken kan faktureras. 5 formler med Yrkesresans funktioner räknades om.',
    );
  });

  it('writes nothing outside Kontroll and says nothing of formulas when there are none of ours', () => {
    const { env, ctx } = world(standardTabs());
    ctx.menuCheck();
    expect(writesOutsideControl(env)).toEqual([]);
    expect(env.ui.lastAlert().prompt).toBe('Inga fel och inga varningar. Arbetsboken kan faktureras.');
  });
});

describe('Kontrollera data on a billed workbook edited by hand', () => {
  it('lists every break of the register as a ledger, each with a link to its cell', () => {
    const { env, ctx } = world(standardTabs());
    expect((ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' }) as { written: boolean }).written).toBe(
      true,
    );
    // A stamp cleared (its row would be billed twice) and a register line's amount changed.
    const attendance = env.spreadsheet.read('Närvaro 2024');
    const stampCol = attendance[0].indexOf('Fakturanummer') + 1;
    const cleared = attendance.findIndex((r, i) => i > 0 && r[stampCol - 1] !== '') + 1;
    const clearedNumber = String(attendance[cleared - 1][stampCol - 1]);
    env.spreadsheet.sheet('Närvaro 2024')!.seed([['']], cleared, stampCol);
    const lines = env.spreadsheet.read('Fakturarader');
    const amountCol = lines[0].indexOf('Belopp') + 1;
    const edited = lines.findIndex((r, i) => i > 0 && r[0] !== clearedNumber) + 1;
    const editedNumber = String(lines[edited - 1][0]);
    env.spreadsheet.sheet('Fakturarader')!.seed([[1]], edited, amountCol);

    ctx.menuCheck();
    const rows = env.spreadsheet.read(TAB.control);
    const formulas = env.spreadsheet.formulas(TAB.control);
    const link = (tab: string, a1: string) =>
      `=HYPERLINK("#gid=${env.spreadsheet.sheet(tab)!.sheetId}&range=${a1}","Visa cellen")`;
    const letter = (col: number) => String.fromCharCode(64 + col);
    const found = (tab: string, column: string, text: string) => {
      const i = rows.findIndex((r) => r[0] === 'Fel' && r[1] === tab && r[3] === column && String(r[5]).includes(text));
      expect(i, `${tab} ${column} ${text}`).toBeGreaterThan(0);
      return i;
    };
    // The cleared stamp: at the invoice line whose quantity its rows no longer sum to.
    const quantity = found('Fakturarader', 'Antal', `Fakturan ${clearedNumber} tar betalt för`);
    const lineRows = env.spreadsheet.read('Fakturarader');
    const antal = lineRows[0].indexOf('Antal') + 1;
    expect(formulas[quantity][6]).toBe(link('Fakturarader', `${letter(antal)}${rows[quantity][2]}`));
    // The edited amount: at the invoice's Belopp in Fakturor.
    const total = found('Fakturor', 'Belopp', `Beloppet för ${editedNumber}`);
    const belopp = env.spreadsheet.read('Fakturor')[0].indexOf('Belopp') + 1;
    expect(formulas[total][6]).toBe(link('Fakturor', `${letter(belopp)}${rows[total][2]}`));
    expect(env.ui.lastAlert().prompt).toMatch(/^\d+ fel/);
  });
});

describe('Kontrollera data on tabs named in another case', () => {
  it('still links to the cell, also for issues that name the tab as the schema spells it', () => {
    const tabs = standardTabs();
    const { Kommuner, ...rest } = tabs;
    // Luleå (sheet row 10) without a fixed cost: the fixed-cost rule reports it on "Kommuner".
    const renamed: Tabs = {
      kommuner: Kommuner.map((r, i) => (i === 9 ? [r[0], r[1], r[2], '', ...r.slice(4)] : r)),
      ...rest,
    };
    const { env, ctx } = world(renamed);
    ctx.menuCheck();
    const rows = env.spreadsheet.read(TAB.control);
    const i = rows.findIndex((r) => r[2] === 10 && r[3] === 'Fast kostnad (kr/år)');
    expect(i).toBeGreaterThan(0);
    expect(rows[i][1]).toBe('Kommuner');
    const gid = env.spreadsheet.sheet('kommuner')!.sheetId;
    expect(env.spreadsheet.formulas(TAB.control)[i][6]).toBe(`=HYPERLINK("#gid=${gid}&range=D10","Visa cellen")`);
  });
});

describe('Skapa/uppdatera flikar offers to hide the invoice sheets of closed years', () => {
  const TITLE = 'Skapa/uppdatera flikar';
  function billedAndSent(): { env: GasEnvironment; ctx: GasContext; sheets: string[] } {
    const { env, ctx } = world(standardTabs());
    const confirm = ctx.billingConfirm({ month: '2024-12', invoiceDate: '2024-12-20' }) as {
      written: boolean;
      invoices: { number: string }[];
    };
    expect(confirm.written).toBe(true);
    const numbers = confirm.invoices.map((i) => i.number);
    const sent = ctx.sendingSend({ numbers }) as { sent: number };
    expect(sent.sent).toBe(numbers.length);
    const sheets = numbers.map((n) => env.spreadsheet.tabNames().find((t) => t.startsWith(`${n} `))!);
    return { env, ctx, sheets };
  }
  /** Betalt = Belopp for the invoices (as the payment import writes it). */
  function pay(env: GasEnvironment, skip: number): void {
    const rows = env.spreadsheet.read('Fakturor');
    const header = rows[0].map(String);
    let paidCol = header.indexOf('Betalt');
    if (paidCol < 0) {
      paidCol = header.length;
      env.spreadsheet
        .sheet('Fakturor')!
        .getRange(1, paidCol + 1)
        .setValue('Betalt');
    }
    const amount = header.indexOf('Belopp');
    rows.slice(1).forEach((r, i) => {
      if (i < skip) return;
      env.spreadsheet
        .sheet('Fakturor')!
        .getRange(i + 2, paidCol + 1)
        .setValue(Number(r[amount]));
    });
  }
  const hidden = (env: GasEnvironment) =>
    env.spreadsheet.tabNames().filter((t) => env.spreadsheet.sheet(t)!.isSheetHidden());

  it('offers nothing while a year has an unpaid invoice, and hides nothing', () => {
    const { env, ctx } = billedAndSent();
    pay(env, 1);
    ctx.menuSetup();
    const shown = env.ui.lastAlert();
    expect(shown.title).toBe(TITLE);
    expect(shown.buttons).toBe('OK');
    expect(shown.prompt).not.toContain('döljs');
    expect(hidden(env)).toEqual([]);
  });

  it('hides every invoice sheet of a year sent and paid in full, one hideSheet per sheet, after a yes', () => {
    const { env, ctx, sheets } = billedAndSent();
    pay(env, 0);
    env.ui.respond('NO');
    ctx.menuSetup();
    expect(env.ui.lastAlert().title).toBe(TITLE);
    expect(env.ui.lastAlert().buttons).toBe('YES_NO');
    expect(env.ui.lastAlert().prompt).toMatch(/^Skapade flikarna: .*\n\n\d+ fakturaflikar för 2024 döljs/s);
    expect(env.ui.lastAlert().prompt).toContain(`${sheets.length} fakturaflikar för 2024 döljs`);
    expect(hidden(env)).toEqual([]);

    const before = JSON.stringify(env.spreadsheet.tabNames().map((t) => env.spreadsheet.read(t)));
    env.tracker.reset();
    ctx.menuSetup();
    expect(env.ui.lastAlert().prompt).toBe(`Dolde ${sheets.length} fakturaflikar för 2024.`);
    expect(hidden(env).sort()).toEqual([...sheets].sort());
    // Once hidden, Skapa/uppdatera flikar asks no more.
    ctx.menuSetup();
    expect(env.ui.lastAlert().buttons).toBe('OK');
    expect(hidden(env).sort()).toEqual([...sheets].sort());
    const calls = env.tracker.calls;
    const hides = Object.entries(calls)
      .filter(([k]) => k.endsWith('hideSheet'))
      .reduce((n, [, c]) => n + c, 0);
    expect(hides).toBe(sheets.length);
    // The sheets were found with getSheets, not looked up one by one.
    expect(
      Object.entries(calls)
        .filter(([k]) => k.endsWith('getSheetByName'))
        .reduce((n, [, c]) => n + c, 0),
    ).toBeLessThan(10);
    // No data changed.
    expect(JSON.stringify(env.spreadsheet.tabNames().map((t) => env.spreadsheet.read(t)))).toBe(before);
  });
});
