// Sheet and register agree (SPEC §2.7) in the built Code.js, in node:vm with the fakes: Skicka
// fakturor leaves out the one invoice whose sheet was edited and sends the rest, and
// Skapa/uppdatera flikar draws a deleted invoice sheet again from the register, protected.
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, type GasEnvironment } from './fakes';
import { loadBundle, plain, type GasContext } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };

function billed(): { env: GasEnvironment; ctx: GasContext; numbers: string[] } {
  const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
  const ctx = loadBundle(env);
  const confirm = plain<{ written: boolean; invoices: { number: string }[] }>(ctx.billingConfirm(REQUEST));
  expect(confirm.written).toBe(true);
  return { env, ctx, numbers: confirm.invoices.map((i) => i.number) };
}

function register(env: GasEnvironment): Record<string, unknown>[] {
  const [header, ...rows] = env.spreadsheet.read('Fakturor');
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

function sheetOf(env: GasEnvironment, municipality: string): { name: string; number: string } {
  const number = String(register(env).find((r) => r.Kommun === municipality)!.Fakturanummer);
  return { name: env.spreadsheet.tabNames().find((n) => n.startsWith(`${number} `))!, number };
}

describe('Skicka fakturor with one edited invoice sheet', () => {
  it('sends the others, leaves that one Skapad and names its cell, both amounts and Kreditera faktura', () => {
    const { env, ctx, numbers } = billed();
    const { name, number } = sheetOf(env, 'Luleå');
    const values = env.spreadsheet.read(name);
    const head = values.findIndex((r) => r[0] === 'Beskrivning');
    const amount = Number(values[head + 1][3]);
    env.spreadsheet
      .sheet(name)!
      .getRange(head + 2, 4)
      .setValue(amount + 1);
    const report = plain<any>(ctx.sendingSend({ numbers }));
    expect(report.sent).toBe(numbers.length - 1);
    expect(env.mail.sent.map((m) => m.attachments[0].name)).not.toContain(`${name}.pdf`);
    const refused = report.results.find((r: any) => r.number === number);
    expect(refused.outcome).toBe('skipped');
    expect(refused.reason).toContain(`Fakturafliken "${name}"`);
    expect(refused.reason).toContain(`cell D${head + 2} (Belopp, rad 1)`);
    expect(refused.reason).toContain('Kreditera faktura');
    expect(register(env).find((r) => r.Fakturanummer === number)!.Status).toBe('Skapad');
    expect(register(env).filter((r) => r.Status === 'Skickad')).toHaveLength(numbers.length - 1);
  });
});

describe('Skapa/uppdatera flikar redraws a deleted invoice sheet', () => {
  it('draws it again from the register, protected, says so, and it can then be sent', () => {
    const { env, ctx } = billed();
    const { name, number } = sheetOf(env, 'Kiruna');
    const drawn = JSON.stringify(env.spreadsheet.read(name));
    const other = sheetOf(env, 'Boden').name;
    const otherBefore = JSON.stringify(env.spreadsheet.read(other));
    env.spreadsheet.deleteSheet(env.spreadsheet.sheet(name)! as never);

    const missing = plain<any>(ctx.sendingSend({ numbers: [number] }));
    expect(missing.sent).toBe(0);
    expect(missing.results[0].reason).toContain('Välj Skapa/uppdatera flikar');

    ctx.menuSetup();
    expect(env.ui.lastAlert().prompt).toContain(`Ritade om fakturafliken ${name} från fliken Fakturor`);
    expect(JSON.stringify(env.spreadsheet.read(name))).toBe(drawn);
    expect(env.spreadsheet.sheet(name)!.protection).not.toBeNull();
    expect(JSON.stringify(env.spreadsheet.read(other))).toBe(otherBefore);

    ctx.menuSetup();
    expect(env.ui.lastAlert().prompt).toBe('Alla flikar finns redan. Inget ändrades.');
    const report = plain<any>(ctx.sendingSend({ numbers: [number] }));
    expect(report.sent).toBe(1);
  });
});

describe('Skapa/uppdatera flikar after the settings changed', () => {
  it("draws the deleted sheet with the seller's details of the billing run, recorded in Logg", () => {
    const { env, ctx } = billed();
    const { name } = sheetOf(env, 'Luleå');
    const drawn = JSON.stringify(env.spreadsheet.read(name));
    const settings = env.spreadsheet.read('Inställningar');
    const changed: Record<string, string> = {
      Förbund: 'Nytt namn',
      Adress: 'Ny gata 2, 972 00 Luleå',
      Bankgiro: '5555-5551',
      Kontaktperson: 'Ny kontakt',
    };
    settings.forEach((r, i) => {
      const key = String(r[0]);
      if (key in changed)
        env.spreadsheet
          .sheet('Inställningar')!
          .getRange(i + 1, 2)
          .setValue(changed[key]);
    });
    expect(JSON.stringify(env.spreadsheet.read('Inställningar'))).toContain('5555-5551');
    expect(JSON.stringify(env.spreadsheet.read('Logg'))).toContain('Uppgifter på fakturaflikarna:');
    env.spreadsheet.deleteSheet(env.spreadsheet.sheet(name)! as never);
    ctx.menuSetup();
    expect(env.ui.lastAlert().prompt).toContain(`Ritade om fakturafliken ${name}`);
    expect(env.ui.lastAlert().prompt).not.toContain('Logg saknar');
    expect(JSON.stringify(env.spreadsheet.read(name))).toBe(drawn);
    expect(drawn).not.toContain('Nytt namn');
  });
});

describe('Exportera e-fakturor och bokföring with one edited invoice sheet', () => {
  it('offers no file and names the sheet and cell; with that sheet deleted the export goes ahead', () => {
    const { env, ctx } = billed();
    const { name } = sheetOf(env, 'Piteå');
    const values = env.spreadsheet.read(name);
    const ocr = values.findIndex((r) => r[2] === 'OCR-nummer');
    env.spreadsheet
      .sheet(name)!
      .getRange(ocr + 1, 4)
      .setValue('1234567890');
    const refused = plain<any>(ctx.exportDownload({ from: '2024-01-01', to: '2024-12-31' }));
    expect(refused.ok).toBe(false);
    expect(refused.base64).toBeUndefined();
    const text = refused.errors.join('\n');
    expect(text).toContain(`Fakturafliken "${name}"`);
    expect(text).toContain(`cell D${ocr + 1} (OCR-nummer) visar "1234567890"`);
    expect(text).toContain('Kreditera faktura');

    env.spreadsheet.deleteSheet(env.spreadsheet.sheet(name)! as never);
    const done = plain<any>(ctx.exportDownload({ from: '2024-01-01', to: '2024-12-31' }));
    expect(done.errors).toEqual([]);
    expect(typeof done.base64).toBe('string');
  });
});
