// Google's English exception texts never reach the administrator: the known ones become Swedish
// sentences that say what happened and what to do, in the dialogs, alerts and the register.
import { describe, expect, it } from 'vitest';
import { inSwedish } from '../../src/gas/googleErrors';
import { INTERRUPTED_MESSAGE } from '../../src/gas/billingView';
import { createGasEnvironment } from './fakes';
import { callCustomFunction, loadBundle, plain } from './harness';
import { standardTabs, toGasTabs } from '../fixtures/workbook';

const REQUEST = { month: '2024-12', invoiceDate: '2024-12-20' };
const TRANSIENT = 'Google svarade inte i tid eller gav ett tillfälligt fel. Försök igen om en stund.';

function world() {
  const env = createGasEnvironment({ tabs: toGasTabs(standardTabs()) });
  return { env, ctx: loadBundle(env) };
}

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('nothing was thrown');
}

describe("Google's words in Swedish", () => {
  it.each([
    ['Service invoked too many times for one day: email.', /^Googles dagliga gräns för e-post/],
    ['Exception: Service invoked too many times in a short time: exec qps.', /^Google tog emot för många anrop/],
    ['Invalid email: kalle@', /^Google godtar inte e-postadressen kalle@\./],
    ['Limit Exceeded: Email Total Attachments Size.', /^E-postmeddelandet med sin bilaga är större/],
    ['Service Spreadsheets timed out while accessing document with id 1AbC.', /^Google svarade inte i tid/],
    ["We're sorry, a server error occurred. Please wait a bit and try again.", /^Google svarade inte i tid/],
    [
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
      /10 miljoner/,
    ],
  ])('%s', (google, swedish) => {
    expect(inSwedish(new Error(google))).toMatch(swedish);
  });

  it('translates the reason in brackets inside a message of our own, and leaves the rest as it is', () => {
    const ours = 'Faktura YR-2024-0002 kunde inte registreras (Service error: Spreadsheets). Resten stoppades.';
    expect(inSwedish(new Error(ours))).toBe(
      'Faktura YR-2024-0002 kunde inte registreras (Google svarade inte i tid eller gav ett tillfälligt fel. Försök igen om en stund). Resten stoppades.',
    );
  });

  it('keeps our own Swedish messages and any text it does not know whole', () => {
    expect(inSwedish(new Error('En annan körning pågår redan.'))).toBe('En annan körning pågår redan.');
    expect(inSwedish(new Error('Something nobody has seen before'))).toBe('Something nobody has seen before');
    // Only a text that begins with Google's words is Google's: a sentence that quotes one is ours.
    expect(inSwedish(new Error('Kommunen heter Invalid email: x'))).toBe('Kommunen heter Invalid email: x');
  });
});

describe('through the built Code.js', () => {
  it('a mail Google refuses is marked Fel in the register with the reason in Swedish', () => {
    const { env, ctx } = world();
    const numbers = plain<any>(ctx.billingConfirm(REQUEST)).invoices.map((i: any) => i.number);
    env.failAt('MailApp.sendEmail', 2, 'Invalid email: socialchef@arvidsjaur.example');
    const report = plain<any>(ctx.sendingSend({ numbers }));
    expect(report.failed).toBe(1);
    const [header, ...rows] = env.spreadsheet.read('Fakturor');
    const status = rows.map((r) => String(r[header.indexOf('Status')]));
    expect(status[1]).toBe(
      'Fel: Google godtar inte e-postadressen socialchef@arvidsjaur.example. Rätta adressen och försök igen.',
    );
    expect(JSON.stringify(report)).not.toContain('Invalid email');
  });

  it('a billing run that Sheets interrupts says so in Swedish, with what to do', () => {
    const { env, ctx } = world();
    env.failAt(
      'Range.setValues',
      2,
      'Exception: Service Spreadsheets timed out while accessing document with id 1AbC.',
    );
    const message = thrown(() => ctx.billingConfirm(REQUEST));
    expect(message).toBe(`${INTERRUPTED_MESSAGE} (${TRANSIENT})`);
  });

  it("Logg's row of a run that Sheets interrupts gives the cause in Swedish", () => {
    const { env, ctx } = world();
    env.failAt(
      'Range.setValues',
      2,
      'Exception: Service Spreadsheets timed out while accessing document with id 1AbC.',
    );
    thrown(() => ctx.billingConfirm(REQUEST));
    const [header, ...rows] = env.spreadsheet.read('Logg');
    const last = rows[rows.length - 1];
    expect(String(last[header.indexOf('Resultat')])).toBe('Avbruten');
    expect(String(last[header.indexOf('Detaljer')])).toContain(`Avbröts: ${TRANSIENT}`);
    expect(JSON.stringify(env.spreadsheet.read('Logg'))).not.toContain('timed out');
  });

  it("a dialog's server function that Google fails reaches the dialog in Swedish", () => {
    const { env, ctx } = world();
    env.failAt('MailApp.getRemainingDailyQuota', 1, 'Service invoked too many times for one day: email.');
    expect(thrown(() => ctx.sendingList())).toMatch(/^Googles dagliga gräns för e-post från ditt konto är nådd\./);
    env.failAt('Range.getValues', 1, "We're sorry, a server error occurred. Please wait a bit and try again.");
    expect(thrown(() => ctx.creditList())).toBe(TRANSIENT);
  });

  it('a custom function that Sheets fails shows the cause in Swedish in its cell', () => {
    const { env, ctx } = world();
    env.failAt('Range.getValues', 1, 'Service Spreadsheets timed out while accessing document with id 1AbC.');
    expect(thrown(() => callCustomFunction(env, ctx, 'FASTKOSTNAD', 'Luleå', 2024))).toBe(TRANSIENT);
  });

  it('a menu item that Google fails tells the administrator in Swedish', () => {
    const { env, ctx } = world();
    env.failAt('Range.getValues', 1, 'Service Spreadsheets failed while accessing document with id 1AbC.');
    expect(thrown(() => ctx.menuCheck())).toBe(TRANSIENT);
  });
});
