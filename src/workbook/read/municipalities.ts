/** Kommuner: one row per municipality, names unique by their normalized form. */
import type { Decimal } from '../../core/money';
import { normalizeName } from '../../core/names';
import type { Municipality } from '../../core/types';
import { cellText, isBlank, isEmail, parseNumber } from '../cells';
import { municipalityNameProblem } from '../invoiceSheet';
import { REQUIRED_COLUMNS, TAB } from '../schema';
import { cell, checkColumns, uniqueRows, type IssueList, type RowIdentity, type TabData } from './tab';

const MUNICIPALITY: RowIdentity = {
  header: 'Kommun',
  key: normalizeName,
  blankMessage: 'Kommunens namn saknas. Fyll i namnet eller töm raden.',
  repeatMessage: (name, first) => `Kommunen "${name}" finns redan på rad ${first}. Ta bort dubbletten.`,
};

/** The members, and every name typed in Kommuner (duplicates included, so that a name that fits two rows is reported where it is used). */
export function readMunicipalities(t: TabData, issues: IssueList): { municipalities: Municipality[]; names: string[] } {
  const out: Municipality[] = [];
  const names: string[] = [];
  if (!t.layout.exists || !checkColumns(t, REQUIRED_COLUMNS[TAB.municipalities], issues))
    return { municipalities: out, names };
  const tab = t.layout.tab;
  for (const { r, text: name } of uniqueRows(t, MUNICIPALITY, issues, names)) {
    const problem = municipalityNameProblem(name);
    if (problem) issues.error(tab, r.row, MUNICIPALITY.header, name, problem);
    const optionalNumber = (header: string, what: string): Decimal | null => {
      const v = cell(t, r, header);
      if (isBlank(v)) return null;
      const d = parseNumber(v);
      if (d === null || d.lt(0)) {
        issues.error(
          tab,
          r.row,
          header,
          cellText(v),
          `${what} måste vara ett tal, 0 eller mer. Rätta värdet eller lämna cellen tom.`,
        );
        return null;
      }
      return d;
    };
    const email = cellText(cell(t, r, 'E-post'));
    if (email !== '' && !isEmail(email)) {
      issues.error(
        tab,
        r.row,
        'E-post',
        email,
        `Ogiltig e-postadress för ${name}. Rätta adressen (t.ex. socialchef@kommun.se) eller lämna cellen tom.`,
      );
    }
    out.push({
      ref: { tab, row: r.row },
      name,
      orgNumber: cellText(cell(t, r, 'Organisationsnummer')),
      population: optionalNumber('Befolkning', 'Befolkning'),
      fixedCost: optionalNumber('Fast kostnad (kr/år)', 'Fast kostnad'),
      socialChief: cellText(cell(t, r, 'Socialchef')),
      email,
      invoiceAddress: cellText(cell(t, r, 'Fakturaadress')),
      invoiceReference: cellText(cell(t, r, 'Fakturareferens')),
      legalName: cellText(cell(t, r, 'Juridiskt namn')),
      peppolId: cellText(cell(t, r, 'Peppol-ID')),
      payoutAccount: cellText(cell(t, r, 'Utbetalningskonto')),
    });
  }
  return { municipalities: out, names };
}
