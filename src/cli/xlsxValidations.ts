/**
 * The data validations of an opened package, read from its sheet XML in the form the port keeps
 * them in (xlsx.ts compactValidations): one entry per run of rows of a column, all entries of one
 * <dataValidation> sharing one object, built field by field as ExcelJS's reader builds it.
 *
 * ExcelJS expands every validated range into one entry per cell when it loads a file (18 000 for
 * the sample workbook, half of its load), and the port then folds them back. Reading them here
 * lets ExcelJS skip the element (its ignoreNodes option) with the same result. Only what is read
 * here exactly as ExcelJS reads it takes this way: anything else in a sheet (overlapping ranges,
 * comments, CDATA, other elements, date validations, a sheet ExcelJS would find under another
 * part name, …) makes the caller load the workbook the ordinary way.
 */
import type ExcelJS from 'exceljs';
import { columnLetters, columnNumber } from '../workbook/cells';
import { attr, parseRels, unescapeXml, type OpcPackage } from './xlsxPackage';

type Model = Record<string, ExcelJS.DataValidation | undefined>;

/** One worksheet as ExcelJS finds it: its tab name and its validations. */
export interface SheetValidations {
  name: string;
  model: Model;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;
/** Text whose references all are ones both readers decode alike. */
const plainText = (s: string): boolean => !s.replace(ENTITY, '').includes('&') && !s.includes('\r');

/** The attributes of a start tag, or null when it is not plain (duplicates, odd whitespace, stray characters). */
function attributes(tag: string, name: string): Map<string, string> | null {
  const m = new RegExp(`^<${name}((?:\\s+[A-Za-z_][\\w.:-]*\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*/?>$`).exec(tag);
  if (!m) return null;
  const out = new Map<string, string>();
  for (const a of m[1].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const raw = a[2] ?? a[3];
    // A literal tab or line break in a value is normalised to a space by the XML reader.
    if (out.has(a[1]) || /[\t\n\r]/.test(raw) || !plainText(raw)) return null;
    out.set(a[1], unescapeXml(raw));
  }
  return out;
}

const bool = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v === 'true' || v === '1');

/** One <dataValidation> as ExcelJS's DataValidationsXform builds it, with its sqref. */
function validation(tag: string, inner: string): { model: ExcelJS.DataValidation; sqref: string } | null {
  const a = attributes(tag, 'dataValidation');
  if (!a) return null;
  const sqref = a.get('sqref');
  const typeAttribute = a.get('type');
  const type = typeAttribute || 'any';
  // A date's formula is a serial number that ExcelJS turns into a Date.
  if (sqref === undefined || type === 'date') return null;
  const dv: Record<string, unknown> = { type, formulae: [] };
  const set = (name: string, value: unknown) => {
    if (value !== undefined) dv[name] = value;
  };
  if (typeAttribute) set('allowBlank', bool(a.get('allowBlank')));
  set('showInputMessage', bool(a.get('showInputMessage')));
  set('showErrorMessage', bool(a.get('showErrorMessage')));
  if (type !== 'any' && type !== 'list' && type !== 'custom') set('operator', a.get('operator') ?? 'between');
  for (const name of ['promptTitle', 'prompt', 'errorStyle', 'errorTitle', 'error']) set(name, a.get(name));
  const formulae = dv.formulae as unknown[];
  const rest = inner.replace(/<(formula[12])>([^<]*)<\/\1>/g, (_, _name: string, text: string) => {
    if (!plainText(text)) return '<';
    const f = unescapeXml(text);
    formulae.push(type === 'whole' || type === 'textLength' ? parseInt(f, 10) : type === 'decimal' ? parseFloat(f) : f);
    return '';
  });
  if (rest.trim() !== '') return null;
  if (formulae.length === 0) {
    delete dv.formulae;
    delete dv.operator;
  }
  return { model: dv as unknown as ExcelJS.DataValidation, sqref };
}

interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A sqref token as a rectangle; null for what ExcelJS would read otherwise (reversed, whole columns, absolute). */
function rect(token: string): Rect | null {
  const m = /^([A-Z]{1,3})([1-9]\d{0,6})(?::([A-Z]{1,3})([1-9]\d{0,6}))?$/.exec(token);
  if (!m) return null;
  const left = columnNumber(m[1]);
  const top = Number(m[2]);
  const right = m[3] ? columnNumber(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  if (left > 16_384 || right > 16_384 || right < left || bottom < top) return null;
  return { top, left, bottom, right };
}

/**
 * The validations of one sheet's XML; null when ExcelJS might read them otherwise. Without
 * overlaps, folding ExcelJS's cell entries back gives, for each validation in the file's order,
 * its columns in the order the cells were entered (column by column, range by range) and each
 * column's rows as runs.
 */
function sheetValidations(xml: string): Model | null {
  if (xml.includes('<!--') || xml.includes('<![CDATA[')) return null;
  const opens = [...xml.matchAll(/<dataValidations[\s/>]/g)];
  if (opens.length === 0) return {};
  if (opens.length > 1) return null;
  const start = opens[0].index;
  const ext = xml.indexOf('<extLst');
  if (ext >= 0 && ext < start) return null;
  const whole = /^<dataValidations\b[^<>]*?(?:\/>|>([\s\S]*?)<\/dataValidations>)/.exec(xml.slice(start));
  if (!whole) return null;
  const items: { model: ExcelJS.DataValidation; rects: Rect[] }[] = [];
  const rest = (whole[1] ?? '').replace(
    /(<dataValidation\b[^<>]*?\/>)|(<dataValidation\b[^<>]*>)([\s\S]*?)<\/dataValidation>/g,
    (_, selfClosing: string | undefined, open: string | undefined, inner: string | undefined) => {
      const v = selfClosing ? validation(selfClosing, '') : validation(open!, inner!);
      if (!v) return '<';
      const rects = v.sqref.split(/\s+/g).map(rect);
      if (rects.some((r) => r === null)) return '<';
      items.push({ model: v.model, rects: rects as Rect[] });
      return '';
    },
  );
  if (rest.trim() !== '') return null;
  // Overlapping ranges: a later validation replaces an earlier one cell by cell.
  const all = items.flatMap((i) => i.rects);
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i];
      const b = all[j];
      if (a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom) return null;
    }
  }
  const model: Model = {};
  for (const { model: dv, rects } of items) {
    const byColumn = new Map<number, [number, number][]>();
    for (const r of rects) {
      for (let c = r.left; c <= r.right; c++) {
        const runs = byColumn.get(c);
        if (runs) runs.push([r.top, r.bottom]);
        else byColumn.set(c, [[r.top, r.bottom]]);
      }
    }
    for (const [column, runs] of byColumn) {
      runs.sort((a, b) => a[0] - b[0]);
      const letter = columnLetters(column);
      for (let i = 0; i < runs.length;) {
        const top = runs[i][0];
        let bottom = runs[i][1];
        while (i + 1 < runs.length && runs[i + 1][0] === bottom + 1) bottom = runs[++i][1];
        model[top === bottom ? `${letter}${top}` : `${letter}${top}:${letter}${bottom}`] = dv;
        i++;
      }
    }
  }
  return model;
}

/**
 * The worksheets ExcelJS makes of the package, in its order, with their validations; null when
 * any of them is not read here exactly as ExcelJS reads it.
 */
export function packageValidations(pkg: OpcPackage): SheetValidations[] | null {
  const workbook = pkg.text('xl/workbook.xml');
  if (workbook === undefined) return null;
  const rels = parseRels(pkg.text('xl/_rels/workbook.xml.rels'));
  if (new Set(rels.map((r) => r.id)).size !== rels.length) return null;
  const out: SheetValidations[] = [];
  const parts = new Set<string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const rel = rels.find((r) => r.id === attr(m[0], 'r:id'));
    if (!rel) continue;
    // The part name ExcelJS looks the sheet up by, among the parts it read as worksheets.
    const part = `xl/${rel.target.replace(/^(\s|\/xl\/)+/, '')}`;
    if (!/xl\/worksheets\/sheet(\d+)[.]xml/.test(part) || !pkg.has(part)) continue;
    if (parts.has(part)) return null;
    parts.add(part);
    const model = sheetValidations(pkg.text(part) ?? '');
    if (!model) return null;
    out.push({ name: attr(m[0], 'name') ?? '', model });
  }
  return out;
}
