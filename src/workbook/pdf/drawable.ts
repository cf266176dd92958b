/**
 * Text that reaches the invoice PDF but that its embedded font cannot draw (an Arabic or a CJK
 * name, a stray control character): found before anything is billed or sent and reported where
 * the administrator typed it, never drawn as boxes or silently replaced. The writer refuses such
 * text too (UndrawableTextError); these checks make sure it is never the first to notice.
 */
import type {
  AttendanceRow,
  Course,
  Finding,
  Municipality,
  RecordKind,
  Settings,
  SettingField,
  Subject,
  TrainerRow,
} from '../../core/types';
import { columnLetters } from '../cells';
import { formatCell } from '../format';
import type { SheetDocument } from '../port';
import { undrawableCharacters } from './writer';

/** 'أ (U+0623), ح (U+062D)': each character and its code point (some are invisible). */
export function characterList(characters: readonly string[]): string {
  return characters
    .map(
      (ch) =>
        `${/\p{L}|\p{N}|\p{P}|\p{S}/u.test(ch) ? `${ch} ` : ''}(U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`,
    )
    .join(', ');
}

const WHAT_TO_DO =
  'Skriv texten med andra tecken (till exempel med latinska bokstäver); annars går fakturan inte att göra som PDF och skicka.';

/** The records and settings whose text is printed on invoices (SPEC §2.7): what to look through. */
export interface PrintedTexts {
  settings: Settings;
  municipalities: readonly Municipality[];
  courses: readonly Course[];
  attendance: readonly AttendanceRow[];
  trainers: readonly TrainerRow[];
}

/** The settings an invoice prints (workbook/invoiceSheet.ts). */
const PRINTED_SETTINGS = [
  'association',
  'orgNumber',
  'address',
  'bankgiro',
  'contactPerson',
  'vatNumber',
  'vatExemption',
  'invoicePrefix',
] as const satisfies readonly (keyof Settings & SettingField)[];

const PRINTED_MUNICIPALITY = [
  'name',
  'legalName',
  'orgNumber',
  'invoiceAddress',
  'invoiceReference',
  'socialChief',
  'payoutAccount',
] as const satisfies readonly (keyof Municipality)[];

type RecordSubject = Extract<Subject, { kind: RecordKind; field: string }>;

/** Every printed text among the records that the PDF font cannot draw, as errors at its cell. */
export function undrawableFindings(texts: PrintedTexts): Finding[] {
  const found: Finding[] = [];
  const look = (value: string, finding: (chars: string) => Finding) => {
    const missing = undrawableCharacters(value);
    if (missing.length) found.push(finding(characterList(missing)));
  };
  for (const field of PRINTED_SETTINGS) {
    const value = texts.settings[field];
    look(value, (chars) => ({
      severity: 'error',
      about: { kind: 'setting', fields: [field] },
      value,
      message: (n) =>
        `Inställningen ${n.setting(field)} har tecken som PDF-fakturans typsnitt saknar: ${chars}. ${WHAT_TO_DO}`,
    }));
  }
  const record = (about: RecordSubject, value: string) =>
    look(value, (chars) => ({
      severity: 'error',
      about,
      value,
      message: (n) =>
        `${(n.field as (kind: string, field: string) => string)(about.kind, about.field)} "${value.trim()}" har tecken som PDF-fakturans typsnitt saknar: ${chars}. ${WHAT_TO_DO}`,
    }));
  for (const m of texts.municipalities)
    for (const field of PRINTED_MUNICIPALITY) record({ kind: 'municipality', ref: m.ref, field }, m[field]);
  for (const c of texts.courses) {
    record({ kind: 'course', ref: c.ref, field: 'id' }, c.id);
    record({ kind: 'course', ref: c.ref, field: 'name' }, c.name);
  }
  for (const a of texts.attendance) record({ kind: 'attendance', ref: a.ref, field: 'participant' }, a.participant);
  for (const t of texts.trainers) record({ kind: 'trainer', ref: t.ref, field: 'trainer' }, t.trainer);
  return found;
}

/**
 * The first cell of a laid-out document that the PDF font cannot draw, as a Swedish sentence
 * naming the sheet, the cell and the characters; '' when every cell can be drawn.
 */
export function undrawableDocumentProblem(doc: SheetDocument, sheet: string, consequence: string): string {
  const cells: string[] = [];
  doc.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell) return;
      const missing = undrawableCharacters(formatCell(cell));
      if (missing.length)
        cells.push(`cell ${columnLetters(c + 1)}${r + 1} ("${formatCell(cell).trim()}"): ${characterList(missing)}`);
    }),
  );
  if (cells.length === 0) return '';
  const where =
    cells.length === 1
      ? cells[0]
      : `${cells.slice(0, 3).join('; ')}${cells.length > 3 ? ` och ${cells.length - 3} celler till` : ''}`;
  return (
    `Fakturafliken "${sheet}" har tecken som PDF-fakturans typsnitt saknar, i ${where}. ${consequence} ` +
    'Skriv texten med andra tecken (till exempel med latinska bokstäver) i fakturafliken och i fliken den kommer från.'
  );
}
