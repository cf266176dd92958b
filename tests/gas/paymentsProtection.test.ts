// SPEC §4 "Who may" for Betalningar och påminnelser through the built dist/gas/Code.js, with the
// fakes enforcing protections per user as Sheets does: two administrators take turns reading a
// bank file and reminding; the Inbetalningar tab the import creates is protected like the other
// registers; an administrator locked out of Fakturor by an older protection is refused before
// any payment is written or any reminder mailed.
import { describe, expect, it } from 'vitest';
import { PROTECTED_TABS } from '../../src/workbook/protection';
import { camt054 } from '../fixtures/bankFiles';
import { settingsTab, standardTabs, toGasTabs } from '../fixtures/workbook';
import { createGasEnvironment } from './fakes';
import { loadBundle, plain } from './harness';

const OWNER = 'agare@norrbotten.example';
const KARIN = 'karin@norrbotten.example';
const OLA = 'ola@norrbotten.example';

function world() {
  const tabs = standardTabs();
  tabs['Inställningar'] = settingsTab({ Administratörer: `${KARIN}, ${OLA}` });
  const env = createGasEnvironment({ tabs: toGasTabs(tabs), owner: OWNER, activeUser: KARIN, editors: [KARIN, OLA] });
  const ctx = loadBundle(env);
  const billed = plain<{ written: boolean }>(ctx.billingConfirm({ month: '2024-05', invoiceDate: '2024-05-20' }));
  expect(billed.written).toBe(true);
  const [header, ...rows] = env.spreadsheet.read('Fakturor');
  const ocr = rows.map((r) => String(r[header.indexOf('OCR')]));
  const total = rows.map((r) => Number(r[header.indexOf('Belopp')]));
  const bank = {
    name: 'camt054.xml',
    base64: Buffer.from(
      camt054([{ bookingDate: '2024-06-18', txs: [{ amount: total[0].toFixed(2), ref: ocr[0], acctSvcrRef: 'P1' }] }]),
    ).toString('base64'),
  };
  return { env, ctx, bank, invoices: rows.length };
}

describe('Who may: payments and reminders', () => {
  it('Ola reads the bank file and Karin reminds: Inbetalningar is protected for the owner and both administrators', () => {
    const { env, ctx, bank, invoices } = world();
    env.session.activeUser = OLA;
    const read = plain<{ ok: boolean; written: boolean }>(ctx.paymentsConfirm(bank));
    expect(read).toMatchObject({ ok: true, written: true });
    const p = env.spreadsheet.sheet('Inbetalningar')!.protection!;
    expect(p.warningOnly).toBe(false);
    expect([...p.editors].sort()).toEqual([OWNER, KARIN, OLA].sort());
    expect(PROTECTED_TABS).toContain('Inbetalningar');

    env.session.activeUser = KARIN;
    const sent = plain<{ ok: boolean; sent: number }>(ctx.remindersSend({ date: '2024-06-25' }));
    expect(sent).toMatchObject({ ok: true, sent: invoices - 1 });
    const log = env.spreadsheet
      .read('Logg')
      .slice(1)
      .map((r) => [r[1], r[2], r[4]]);
    expect(log).toContainEqual([OLA, 'Inläsning av betalningar', 'Klar']);
    expect(log).toContainEqual([KARIN, 'Påminnelser', 'Klar']);
  });

  it('an administrator who cannot write Fakturor reads in no payment and mails no reminder', () => {
    const { env, ctx, bank } = world();
    env.spreadsheet.protectTabs(['Fakturor'], { editors: [KARIN] });
    env.session.activeUser = OLA;
    expect(() => ctx.paymentsConfirm(bank)).toThrow(/får inte ändra den skyddade fliken Fakturor/);
    expect(env.spreadsheet.tabNames()).not.toContain('Inbetalningar');
    expect(() => ctx.remindersSend({ date: '2024-06-25' })).toThrow(/får inte ändra den skyddade fliken Fakturor/);
    expect(env.mail.sent).toEqual([]);
    const log = env.spreadsheet
      .read('Logg')
      .slice(1)
      .map((r) => [r[1], r[2], r[4]]);
    expect(log.slice(-2)).toEqual([
      [OLA, 'Inläsning av betalningar', 'Nekad'],
      [OLA, 'Påminnelser', 'Nekad'],
    ]);
  });
});
