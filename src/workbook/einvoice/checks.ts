/**
 * The tool's own checks for e-invoices (SPEC §9): every setting or Kommuner row that would make
 * a Peppol BIS Billing 3.0 document fail the official rules is refused before anything is
 * written, as a Swedish error that names tab, row and column.
 *
 * The rule each check stands for: SE-R-006 (category S only at 25, 12 or 6 %), BR-E-05/BR-O-05
 * (E and O without VAT), BR-O-02 (O without the seller's VAT number), SE-R-001/002 (VAT number
 * SE + 12 digits), BR-E-10/BR-O-10 (an exemption reason), PEPPOL-EN16931-R003 (a buyer
 * reference), PEPPOL-COMMON-R040/R049 and BR-CL-25 (a valid EndpointID).
 */
import { normalizeVatNumber, parsePeppolId } from '../../core/identifiers';
import type { Issue, Municipality, Settings } from '../../core/types';
import { SETTING, TAB } from '../schema';
import { eInvoiceBuyer } from './documents';

const STANDARD_RATES = ['25', '12', '6'];
const CATEGORY = 'Momskategori';
const VAT_NUMBER = 'Momsregistreringsnummer';
const EXEMPTION = 'Momsundantag';

/** Settings that would break every e-invoice. `settingRows`: the sheet row of each setting key as read. */
export function eInvoiceSettingIssues(settings: Settings, settingRows: Record<string, number>): Issue[] {
  const s = settings;
  const issues: Issue[] = [];
  const at = (key: string, value: string, message: string, fallbackKey: string = SETTING.vat): void => {
    const row = settingRows[key] ?? settingRows[fallbackKey];
    issues.push({
      severity: 'error',
      tab: TAB.settings,
      ...(row === undefined ? {} : { row }),
      column: 'Värde',
      value,
      message,
    });
  };
  const rate = s.vatPercent.toFixed();
  if (s.vatCategory === 'S' && !STANDARD_RATES.includes(rate)) {
    at(
      SETTING.vat,
      rate,
      `${CATEGORY} S (momspliktig) kräver ${SETTING.vat} 25, 12 eller 6; ${rate} % godtas inte i en svensk e-faktura. Ändra momssatsen eller momskategorin.`,
    );
  }
  if (s.vatCategory !== 'S' && !s.vatPercent.isZero()) {
    at(
      SETTING.vat,
      rate,
      `${CATEGORY} ${s.vatCategory} (${s.vatCategory === 'E' ? 'momsbefriad' : 'utanför momsens tillämpningsområde'}) kan inte ha moms: sätt ${SETTING.vat} till 0 eller ${CATEGORY} till S.`,
    );
  }
  const typedVat = s.vatNumber.trim();
  if (s.vatCategory === 'O' && typedVat !== '') {
    at(
      VAT_NUMBER,
      typedVat,
      `${CATEGORY} O (utanför momsens tillämpningsområde) får inte ha något ${VAT_NUMBER}: lämna det tomt eller välj kategori S eller E.`,
      CATEGORY,
    );
  } else if (typedVat !== '' && normalizeVatNumber(typedVat) === null) {
    at(
      VAT_NUMBER,
      typedVat,
      `${VAT_NUMBER} ska vara SE följt av 12 siffror (SE + organisationsnumrets 10 siffror + 01), eller tomt.`,
      CATEGORY,
    );
  }
  if (s.vatCategory !== 'S' && s.vatExemption.trim() === '') {
    at(
      EXEMPTION,
      '',
      `${EXEMPTION} behövs för ${CATEGORY} ${s.vatCategory}: skriv skälet till att ingen moms tas ut (t.ex. Momsfri).`,
      CATEGORY,
    );
  }
  return issues;
}

/**
 * Kommuner rows that would break their municipality's e-invoice: a Peppol-ID that is not
 * `0007:` + an org. number or `0088:` + a GLN, no e-invoice address at all, a missing
 * Fakturareferens. `municipalityColumns` are the headers found in Kommuner: when the whole
 * Fakturareferens column is missing the reference is only warned about.
 */
export function eInvoiceBuyerIssues(
  municipalities: readonly Municipality[],
  municipalityColumns: readonly string[],
): Issue[] {
  const issues: Issue[] = [];
  const hasReferenceColumn = municipalityColumns.includes('Fakturareferens');
  for (const m of municipalities) {
    const buyer = eInvoiceBuyer(m);
    const where = { tab: TAB.municipalities, row: m.ref.row };
    const typed = buyer.peppolId.trim();
    if (typed !== '' && parsePeppolId(typed, m.orgNumber) === null) {
      issues.push({
        severity: 'error',
        ...where,
        column: 'Peppol-ID',
        value: typed,
        message: `Peppol-ID för ${m.name} ska skrivas som 0007:<organisationsnummer, 10 siffror> eller 0088:<GLN, 13 siffror med rätt kontrollsiffra>, eller lämnas tomt (då används 0007: + organisationsnumret).`,
      });
    } else if (typed === '' && parsePeppolId('', m.orgNumber) === null) {
      issues.push({
        severity: 'error',
        ...where,
        column: 'Organisationsnummer',
        value: m.orgNumber,
        message: `${m.name} saknar e-fakturaadress: fyll i ett giltigt organisationsnummer eller Peppol-ID.`,
      });
    }
    if (m.invoiceReference.trim() === '') {
      issues.push({
        severity: hasReferenceColumn ? 'error' : 'warning',
        ...where,
        column: 'Fakturareferens',
        value: '',
        message: hasReferenceColumn
          ? `Fakturareferens saknas för ${m.name}: kommunens e-faktura måste ha den referens kommunen anger (t.ex. ansvarskod). Fyll i den i fliken Kommuner.`
          : `Kolumnen Fakturareferens saknas i fliken Kommuner; e-fakturan till ${m.name} får referensen "${m.name}". Lägg till kolumnen och kommunens referens.`,
      });
    }
  }
  return issues;
}
