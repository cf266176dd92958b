// The fakes behave as the documented services where the product relies on them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, FakeBlob, formatDateJava, isoInZone } from '.';
import { loadBundle } from '../harness';
import { standardTabs, toGasTabs } from '../../fixtures/workbook';

const app = (env: ReturnType<typeof createGasEnvironment>) => env.globals.SpreadsheetApp;

describe('Spreadsheet fakes', () => {
  it('reads seeded tabs with Dates for date cells and "" for empty cells', () => {
    const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
    const sheet = app(env).getActiveSpreadsheet().getSheetByName('Närvaro 2024')!;
    const values = sheet.getDataRange().getValues();
    expect(values[0]).toEqual(['Datum', 'Kurs-ID', 'Deltagare', 'Kommun', 'Dagar', 'Fakturanummer']);
    expect(Object.prototype.toString.call(values[1][0])).toBe('[object Date]');
    expect(isoInZone(values[1][0], 'Europe/Stockholm')).toBe('2024-02-10');
    expect(values[1][5]).toBe('');
    expect(env.calls['Range.getValues']).toBe(1);
    expect(env.calls['Spreadsheet.getSheetByName']).toBe(1);
  });

  it('stores Dates at midnight Stockholm (summer and winter time)', () => {
    const env = createGasEnvironment();
    const range = app(env).getActiveSpreadsheet().getSheets()[0].getRange(1, 1, 1, 2);
    range.setValues([['2024-07-01', '2024-01-15']]);
    const [[summer, winter]] = range.getValues();
    expect(summer.toISOString()).toBe('2024-06-30T22:00:00.000Z');
    expect(winter.toISOString()).toBe('2024-01-14T23:00:00.000Z');
  });

  it('parses written strings as Sheets does, and keeps apostrophe-guarded text literally', () => {
    const env = createGasEnvironment();
    const sheet = app(env).getActiveSpreadsheet().getSheets()[0];
    sheet
      .getRange(1, 1, 1, 8)
      .setValues([
        ['=IMPORTXML("x")', '\'=IMPORTXML("x")', '2024001505', "'2024001505", '-abc', '+46 70', 'TRUE', 'Luleå'],
      ]);
    expect(sheet.getRange(1, 1, 1, 8).getValues()).toEqual([
      ['', '=IMPORTXML("x")', 2024001505, '2024001505', '', '', true, 'Luleå'],
    ]);
    expect(sheet.getRange(1, 1, 1, 8).getFormulas()).toEqual([
      ['=IMPORTXML("x")', '', '', '', '=-abc', '=+46 70', '', ''],
    ]);
  });

  it('keeps strings as text in a plain-text (@) cell', () => {
    const env = createGasEnvironment();
    const range = app(env).getActiveSpreadsheet().getSheets()[0].getRange('A1:B1');
    range.setNumberFormat('@');
    range.setValues([['=1+1', '0012']]);
    expect(range.getValues()).toEqual([['=1+1', '0012']]);
  });

  it('returns the label of a HYPERLINK formula', () => {
    const env = createGasEnvironment();
    const range = app(env).getActiveSpreadsheet().getSheets()[0].getRange('A1');
    range.setFormula('=HYPERLINK("#gid=0&range=A5"; "Närvaro!A5")');
    expect(range.getValue()).toBe('Närvaro!A5');
    expect(range.getFormula()).toBe('=HYPERLINK("#gid=0&range=A5"; "Närvaro!A5")');
  });

  it('throws on wrong dimensions like the real service', () => {
    const env = createGasEnvironment();
    const range = app(env).getActiveSpreadsheet().getSheets()[0].getRange(1, 1, 2, 2);
    expect(() => range.setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => range.setValues([[1, 2], [3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(() => range.setNumberFormats([['0']])).toThrow('The number of rows in the data does not match');
  });

  it('refuses objects other than Dates (a CalendarDate written by mistake)', () => {
    const env = createGasEnvironment();
    const range = app(env).getActiveSpreadsheet().getSheets()[0].getRange(1, 1);
    expect(() => range.setValues([[{ iso: '2024-01-01' }]])).toThrow(/cannot store/);
  });

  it('keeps ranges inside the sheet; insertRowsAfter grows it', () => {
    const env = createGasEnvironment();
    const sheet = app(env).getActiveSpreadsheet().getSheets()[0];
    expect(() => sheet.getRange(1000, 1, 2, 1)).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    sheet.insertRowsAfter(1000, 10);
    expect(sheet.getMaxRows()).toBe(1010);
    sheet.getRange(1000, 1, 2, 1).setValues([[1], [2]]);
    expect(sheet.getLastRow()).toBe(1001);
  });

  it('deleteColumns moves the cells right of them left and shrinks the sheet, never to no column', () => {
    const env = createGasEnvironment();
    const sheet = app(env).getActiveSpreadsheet().getSheets()[0];
    sheet.getRange(1, 1, 1, 4).setValues([['a', 'b', 'c', 'd']]);
    sheet.setColumnWidth(4, 250);
    sheet.deleteColumns(2, 2);
    expect(sheet.getMaxColumns()).toBe(24);
    expect(env.spreadsheet.read('Blad1')).toEqual([['a', 'd']]);
    expect(sheet.getColumnWidth(2)).toBe(250);
    expect(() => sheet.deleteColumns(20, 10)).toThrow('Those columns are out of bounds.');
    expect(() => sheet.deleteColumns(1, 24)).toThrow(/not possible to delete all/);
  });

  it('gives an empty sheet a 1×1 data range, and knows last row and column', () => {
    const env = createGasEnvironment();
    const ss = app(env).getActiveSpreadsheet();
    const sheet = ss.insertSheet('Ny');
    expect(sheet.getDataRange().getValues()).toEqual([['']]);
    expect(sheet.getLastRow()).toBe(0);
    sheet.getRange('B3').setValue('x');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([3, 2]);
    expect(() => ss.insertSheet('ny')).toThrow('A sheet with the name "ny" already exists. Please enter another name.');
    ss.deleteSheet(sheet);
    expect(env.spreadsheet.tabNames()).toEqual(['Blad1']);
  });

  it('records styles, merges, widths, validations and protection', () => {
    const env = createGasEnvironment({ consumer: true, editors: ['a@x.example', 'admin@norrbotten.example'] });
    const sa = app(env);
    const ss = sa.getActiveSpreadsheet();
    const sheet = ss.insertSheet('Fakturor');
    const range = sheet.getRange(1, 1, 2, 2);
    range.setFontWeights([
      ['bold', null],
      ['normal', 'bold'],
    ]);
    range.setBackgrounds([
      ['#eeeeee', null],
      [null, null],
    ]);
    range.merge();
    expect(() => sheet.getRange('B2').merge()).toThrow(/merged range/);
    sheet.setColumnWidths(1, 3, 120);
    sheet.setFrozenRows(1);
    sheet.setHiddenGridlines(true);
    const rule = sa.newDataValidation().requireValueInList(['Ja', 'Nej'], true).setAllowInvalid(false).build();
    sheet.getRange('C2:C10').setDataValidation(rule);
    const fake = env.spreadsheet.sheet('Fakturor')!;
    expect(fake.cell('A1')!.fontWeight).toBe('bold');
    expect(fake.merges).toEqual([{ row: 1, col: 1, rows: 2, cols: 2 }]);
    expect(fake.columnWidths.get(3)).toBe(120);
    expect(fake.frozenRows).toBe(1);
    expect(fake.cell('C5')!.validation!.describe()).toEqual({ list: ['Ja', 'Nej'] });
    const p = sheet.protect().setWarningOnly(false);
    p.removeEditors(p.getEditors());
    expect(p.canDomainEdit()).toBe(false);
    expect(() => p.setDomainEdit(false)).toThrow(/Workspace/);
    // removeEditors keeps the owner and the current user, as Google documents.
    expect(fake.protection!.editors).toEqual(['agare@norrbotten.example', 'admin@norrbotten.example']);
  });

  it('counts calls by kind and fails the n-th call of a kind on request', () => {
    const env = createGasEnvironment();
    const sheet = app(env).getActiveSpreadsheet().getSheets()[0];
    env.failAt('Range.setValues', 2, 'Tidsgränsen överskreds');
    sheet.getRange(1, 1).setValues([[1]]);
    expect(() => sheet.getRange(2, 1).setValues([[2]])).toThrow('Tidsgränsen överskreds');
    sheet.getRange(3, 1).setValues([[3]]);
    expect(env.spreadsheet.read('Blad1')).toEqual([[1], [''], [3]]);
    expect(env.calls['Range.setValues']).toBe(3);
    expect(env.calls['Sheet.getRange']).toBe(3);
    expect(env.tracker.log.filter((c) => c.kind === 'Range.setValues').map((c) => c.target)).toEqual([
      'Blad1!A1',
      'Blad1!A2',
      'Blad1!A3',
    ]);
  });

  it('refuses writes, Ui and mail inside a custom function', () => {
    const env = createGasEnvironment();
    const sa = app(env);
    env.asCustomFunction(() => {
      const sheet = sa.getActiveSpreadsheet().getSheets()[0];
      expect(sheet.getDataRange().getValues()).toEqual([['']]);
      expect(() => sheet.getRange(1, 1).setValue(1)).toThrow('You do not have permission to call setValue');
      expect(() => sa.getUi()).toThrow(/getUi/);
      expect(() => env.globals.MailApp.sendEmail('a@b.se', 's', 'b')).toThrow(/permission/);
    });
  });
});

describe('Ui and HtmlService fakes', () => {
  it('records menus, alerts with scripted answers, and dialogs', () => {
    const env = createGasEnvironment();
    const ui = app(env).getUi();
    ui.createMenu('Yrkesresan').addItem('Kör fakturering', 'runBilling').addToUi();
    expect(env.ui.menu('Yrkesresan').items).toEqual([
      { kind: 'item', caption: 'Kör fakturering', functionName: 'runBilling' },
    ]);
    expect(ui.alert('Hej')).toBe(ui.Button.OK);
    env.ui.respond('NO');
    expect(ui.alert('Rubrik', 'Fortsätta?', ui.ButtonSet.YES_NO)).toBe(ui.Button.NO);
    expect(env.ui.lastAlert()).toMatchObject({
      title: 'Rubrik',
      prompt: 'Fortsätta?',
      buttons: 'YES_NO',
      response: 'NO',
    });
    env.ui.respond('OK', '2024-12');
    expect(ui.prompt('Månad?', ui.ButtonSet.OK_CANCEL).getResponseText()).toBe('2024-12');
    const html = env.globals.HtmlService.createHtmlOutput('<p>x</p>').setWidth(800).setHeight(500);
    ui.showModalDialog(html, 'Fakturering');
    expect(env.ui.lastDialog()).toMatchObject({
      kind: 'modal',
      title: 'Fakturering',
      content: '<p>x</p>',
      width: 800,
      height: 500,
    });
  });

  it('reads HTML files and evaluates templates with escaping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gas-html-'));
    writeFileSync(
      join(dir, 'Dialog.html'),
      '<h1><?= title ?></h1><? for (const n of names) { ?><li><?!= n ?></li><? } ?>',
    );
    const env = createGasEnvironment({ htmlDir: dir });
    const hs = env.globals.HtmlService;
    expect(hs.createHtmlOutputFromFile('Dialog').getContent()).toContain('<?= title ?>');
    const t = hs.createTemplateFromFile('Dialog') as unknown as Record<string, unknown> & {
      evaluate(): GoogleAppsScript.HTML.HtmlOutput;
    };
    t.title = '<Luleå & Boden>';
    t.names = ['<b>a</b>'];
    expect(t.evaluate().getContent()).toBe('<h1>&lt;Luleå &amp; Boden&gt;</h1><li><b>a</b></li>');
    expect(() => hs.createHtmlOutputFromFile('Saknas')).toThrow('No HTML file named Saknas was found.');
  });
});

describe('Mail, lock, session, utilities', () => {
  it('sends mail with attachments, spends the quota per recipient and fails on request', () => {
    const env = createGasEnvironment({ mailQuota: 3 });
    const { MailApp, Utilities } = env.globals;
    const pdf = Utilities.newBlob('<p>Faktura YR-2024-0001</p>', 'text/html', 'YR-2024-0001 Luleå.html').getAs(
      'application/pdf',
    );
    MailApp.sendEmail({
      to: 'a@lulea.example',
      cc: 'b@lulea.example',
      subject: 'Faktura',
      htmlBody: '<p>Hej</p>',
      attachments: [pdf],
    });
    expect(MailApp.getRemainingDailyQuota()).toBe(1);
    expect(env.mail.sent[0]).toMatchObject({
      to: 'a@lulea.example',
      cc: 'b@lulea.example',
      recipients: ['a@lulea.example', 'b@lulea.example'],
    });
    const att = env.mail.sent[0].attachments[0];
    expect(att).toMatchObject({ name: 'YR-2024-0001 Luleå.pdf', contentType: 'application/pdf' });
    expect(att.text).toMatch(/^%PDF-1\.4/);
    expect(att.text).toContain('<p>Faktura YR-2024-0001</p>');
    expect((att.blob as FakeBlob).isFakePdf()).toBe(true);
    expect(() => MailApp.sendEmail('x@boden.example,y@boden.example', 'S', 'B')).toThrow(
      'Service invoked too many times for one day: email.',
    );
    env.mail.failFor('c@pitea.example', 'Mottagaren finns inte');
    expect(() => MailApp.sendEmail('c@pitea.example', 'S', 'B')).toThrow('Mottagaren finns inte');
    expect(env.mail.sent).toHaveLength(1);
    expect(env.mail.quota).toBe(1);
  });

  it('simulates another execution holding the document lock', () => {
    const env = createGasEnvironment();
    const lock = env.globals.LockService.getDocumentLock();
    env.locks.document.heldElsewhere = true;
    expect(lock.tryLock(1000)).toBe(false);
    expect(() => lock.waitLock(1000)).toThrow('Lock timeout');
    env.locks.document.heldElsewhere = false;
    expect(lock.tryLock(1000)).toBe(true);
    expect(lock.hasLock()).toBe(true);
    lock.releaseLock();
    expect(lock.hasLock()).toBe(false);
  });

  it('formats dates in a time zone with Java patterns', () => {
    const d = new Date('2024-06-30T22:30:05Z');
    expect(formatDateJava(d, 'Europe/Stockholm', "yyyy-MM-dd HH:mm:ss 'kl' Z")).toBe('2024-07-01 00:30:05 kl +0200');
    const env = createGasEnvironment();
    expect(env.globals.Utilities.formatDate(d, 'UTC', 'yyyy-MM-dd')).toBe('2024-06-30');
    expect(env.globals.Session.getActiveUser().getEmail()).toBe('admin@norrbotten.example');
    expect(env.asSimpleTrigger(() => env.globals.Session.getActiveUser().getEmail())).toBe('');
    expect(env.globals.Utilities.base64Decode(env.globals.Utilities.base64Encode('åäö'))).toEqual(
      Array.from(Buffer.from('åäö'), (b) => (b > 127 ? b - 256 : b)),
    );
  });

  it('answers the PDF export URL of a sheet with the sheet text, when authorized', () => {
    const env = createGasEnvironment({ tabs: { 'YR-2024-0001 Luleå': [['Faktura', 'YR-2024-0001']] } });
    const { UrlFetchApp, ScriptApp, SpreadsheetApp } = env.globals;
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const gid = ss.getSheets()[0].getSheetId();
    const url = `https://docs.google.com/spreadsheets/d/${ss.getId()}/export?format=pdf&gid=${gid}&portrait=true`;
    const res = UrlFetchApp.fetch(url, { headers: { Authorization: `Bearer ${ScriptApp.getOAuthToken()}` } });
    expect(res.getBlob().getContentType()).toBe('application/pdf');
    expect(res.getContentText()).toContain('Faktura | YR-2024-0001');
    expect(() => UrlFetchApp.fetch(url)).toThrow(/401/);
  });
});

describe('harness', () => {
  it('loads the built Code.js into a vm context whose globals are the fakes', () => {
    const env = createGasEnvironment();
    const ctx = loadBundle(env);
    expect(typeof ctx.onOpen).toBe('function');
    expect(ctx.SpreadsheetApp).toBe(env.globals.SpreadsheetApp);
  });
});

describe('A1 notation', () => {
  it('knows cells, blocks, open-ended and whole columns, and quoted tab names', () => {
    const env = createGasEnvironment({
      tabs: {
        'Närvaro 2024': [
          ['a', 'b'],
          ['c', 'd'],
        ],
      },
    });
    const ss = env.globals.SpreadsheetApp.getActiveSpreadsheet();
    const sheet = ss.getSheets()[0];
    expect(sheet.getRange('B2').getValue()).toBe('d');
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(sheet.getRange('A2:B').getNumRows()).toBe(999);
    expect(sheet.getRange('B:B').getA1Notation()).toBe('B1:B1000');
    expect(ss.getRange("'Närvaro 2024'!A2").getValue()).toBe('c');
  });
});
