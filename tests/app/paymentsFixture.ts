/** A billed workbook for the payment and reminder tests, independent of the Kommuner column order. */
import { MemoryWorkbook } from '../fixtures/memoryPort';
import type { CellValue, WorkbookPort } from '../../src/workbook/port';
import { MEMBERS, TAB } from '../../src/workbook/schema';
import { bill, emailOf, setUpWorkbook, type FixtureOptions } from './sendFixture';

/** Rewrites the members' Kommuner rows by header. */
export function writeMembers(port: WorkbookPort): void {
  const header = port.read(TAB.municipalities)[0].map(String);
  const rows = MEMBERS.map((m) => {
    const byHeader: Record<string, CellValue> = {
      Kommun: m.name,
      Organisationsnummer: m.orgNumber,
      'Fast kostnad (kr/år)': m.fixedCost,
      Socialchef: `Socialchef i ${m.name}`,
      'E-post': emailOf(m.name),
      Fakturaadress: `Socialförvaltningen, ${m.name}`,
      Fakturareferens: `Ref ${m.name}`,
    };
    return header.map((h) => byHeader[h] ?? '');
  });
  port.write(TAB.municipalities, 2, 1, rows);
}

export function billedWorkbook(
  options: FixtureOptions = {},
  month = '2024-12',
  invoiceDate = '2024-12-20',
): { wb: MemoryWorkbook; numbers: string[] } {
  const wb = new MemoryWorkbook();
  setUpWorkbook(wb, options);
  writeMembers(wb);
  return { wb, numbers: bill(wb, month, invoiceDate) };
}
