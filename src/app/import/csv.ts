/**
 * CSV exports (SPEC §12) read with csv-parse, the same build on both hosts: its browser bundle
 * needs neither Node nor a DOM, so Apps Script runs exactly the parser the command line runs.
 * Utilities.parseCsv was not chosen: it reports no line numbers, and public reports describe it
 * splitting quoted line breaks (the common workaround replaces newlines inside quotes before
 * calling it), while Totara writes multi-line text fields quoted.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { ImportFileError, tableOf, type ImportTable } from './table';

/** The delimiter of the header line: ';' (Swedish Excel) or ',' — whichever occurs more outside quotes. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const LINE_BREAKS = /\r\n|\r|\n/g;

function breaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) n += f.match(LINE_BREAKS)?.length ?? 0;
  return n;
}

/** The csv-parse failure as one Swedish sentence that names the line. */
function csvError(e: unknown, recordStart: number): ImportFileError {
  const err = e as { code?: string; lines?: number };
  const line = typeof err.lines === 'number' ? err.lines : undefined;
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return new ImportFileError(
        line,
        `Rad ${line} i filen har fler fält än rubrikraden. Kontrollera avgränsare och citattecken på den raden.`,
      );
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportFileError(
        recordStart,
        `Ett citattecken på rad ${recordStart} i filen avslutas aldrig. Kontrollera raden eller exportera filen på nytt.`,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new ImportFileError(
        line,
        `Rad ${line} i filen har ett citattecken mitt i ett fält. Kontrollera raden eller exportera filen på nytt.`,
      );
    default:
      return new ImportFileError(
        line,
        `Filen kunde inte läsas som CSV${line ? ` (rad ${line})` : ''}. Exportera rapporten från Totara som CSV eller Excel.`,
      );
  }
}

/** Parses CSV text (comma or semicolon, with or without BOM, quoted fields with delimiters and line breaks). */
export function readCsv(text: string): ImportTable {
  const body = text.replace(/^\ufeff/, '');
  const rows: { line: number; cells: string[] }[] = [];
  let lastLine = 0;
  try {
    parse(body, {
      delimiter: detectDelimiter(body),
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count_less: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: { lines: number }) => {
        // context.lines is where the record ends; a quoted line break makes it span lines.
        rows.push({ line: context.lines - breaksIn(record), cells: record });
        lastLine = context.lines;
        return null;
      },
    });
  } catch (e) {
    throw csvError(e, lastLine + 1);
  }
  return tableOf(rows);
}
