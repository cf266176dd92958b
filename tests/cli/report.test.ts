// The command line's follow-up: CSV as Swedish Excel reads it, SVG charts that are well-formed
// XML with every label escaped, and runReport on a real .xlsx that it never modifies.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runBilling } from '../../src/app/bill';
import { followUp, readFollowUp } from '../../src/app/report';
import { axisNumber, escapeXml, niceTicks, renderChartSvg } from '../../src/cli/charts';
import { csvField, csvText, runReport, tableToCsv } from '../../src/cli/report';
import { XlsxWorkbook } from '../../src/cli/xlsx';
import { Dec } from '../../src/core/money';
import type { ChartSpec, ReportTable } from '../../src/workbook/reportSheet';
import { RUNS, reportWorkbook } from '../app/reportFixture';

const tmp = () => mkdtempSync(join(tmpdir(), 'yr-report-'));

/** A strict little XML check: balanced tags, quoted attributes, no raw '<' or stray '&'. */
function assertWellFormedXml(xml: string): void {
  const entity = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const cleanText = (t: string, where: string) => {
    const rest = t.replace(entity, '');
    if (rest.includes('&') || rest.includes('<')) throw new Error(`unescaped text ${where}: ${t.slice(0, 80)}`);
  };
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/y;
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text.slice(0, 40)}`);
    cleanText(text, 'between tags');
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [, close, name, attrs, selfClose] = m;
    for (const a of attrs.matchAll(/="([^"]*)"/g)) cleanText(a[1], `in an attribute of <${name}>`);
    const names = [...attrs.matchAll(/\s([\w:.-]+)=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) throw new Error(`duplicate attribute in <${name}>`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`</${name}> does not close the open tag`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
    i = tag.lastIndex;
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
}

describe('the XML check itself', () => {
  it('rejects what is not well-formed', () => {
    expect(() => assertWellFormedXml('<svg><text>a < b</text></svg>')).toThrow();
    expect(() => assertWellFormedXml('<svg><text>R&D</text></svg>')).toThrow();
    expect(() => assertWellFormedXml('<svg><g></svg>')).toThrow();
    expect(() => assertWellFormedXml('<svg a="1" a="2"/>')).toThrow();
    expect(() => assertWellFormedXml('<svg/><svg/>')).toThrow();
    expect(() => assertWellFormedXml('<svg><text x="&lt;">R&amp;D</text></svg>')).not.toThrow();
  });
});

describe('CSV', () => {
  const table: ReportTable = {
    id: 't',
    title: 'T',
    header: ['Kommun', 'År', 'Deltagare', 'Deltagardagar', 'Per 1 000', 'Belopp'],
    kinds: ['text', 'year', 'integer', 'quantity', 'decimal2', 'money'],
    rows: [
      ['Luleå', 2024, 3, new Dec('12.5'), new Dec('0.15625').toDecimalPlaces(2), new Dec('1234567.5')],
      ['Piteå; "norr"', 'Alla år', 0, new Dec(0), null, new Dec('-3100')],
      ['=IMPORTXML("x")', 2025, 1, new Dec(1), new Dec('2'), new Dec('0.005')],
    ],
    totalRows: [],
  };
  const csv = tableToCsv(table);

  it('starts with a byte order mark, separates with ; and ends lines with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('Kommun;År;Deltagare;Deltagardagar;Per 1 000;Belopp');
  });

  it('writes numbers with a decimal comma, amounts with two decimals and no thousands separator', () => {
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('Luleå;2024;3;12,5;0,16;1234567,50');
    expect(lines[2]).toBe('"Piteå; ""norr""";Alla år;0;0;;-3100,00');
  });

  it('never lets a text start a formula', () => {
    const lines = csv.slice(1).split('\r\n');
    expect(lines[3].startsWith(`"'=IMPORTXML(""x"")";2025;1;1;2,00;0,01`)).toBe(true);
    expect(csvText('+46 70')).toBe("'+46 70");
    expect(csvText('-1')).toBe("'-1");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
    expect(csvText(' kant ')).toBe('" kant "');
    expect(csvField(-3100, 'money')).toBe('-3100,00'); // a negative number is a number, not text
    expect(csvField(null, 'money')).toBe('');
  });
});

describe('SVG charts', () => {
  const hostile = '<script>alert("x")</script> & Co \'';
  const chart: ChartSpec = {
    id: 'c',
    title: `Deltagardagar ${hostile}`,
    kind: 'column',
    valueTitle: 'Deltagardagar & <dagar>',
    categories: ['Luleå', hostile, 'Övertorneå'],
    series: [
      { name: '2024', values: [45.5, 0, 10] },
      { name: `2025 ${hostile}`, values: [40.5, 3, -2] },
    ],
    range: { row: 1, col: 1, rows: 4, cols: 3 },
    transpose: false,
    anchor: { row: 1, col: 12 },
    width: 760,
    height: 400,
  };

  it('is well-formed with every label escaped', () => {
    for (const kind of ['column', 'line'] as const) {
      const svg = renderChartSvg({ ...chart, kind });
      assertWellFormedXml(svg);
      expect(svg).not.toContain('<script');
      expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co &apos;');
      expect(svg).toContain('Övertorneå');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    }
  });

  it('draws one bar per value and one line per series', () => {
    const bars = renderChartSvg(chart).match(/<rect [^>]*><title>/g) ?? [];
    expect(bars.length).toBe(6);
    const line = renderChartSvg({ ...chart, kind: 'line' });
    expect(line.match(/<polyline /g)?.length).toBe(2);
    expect(line.match(/<circle /g)?.length).toBe(6);
  });

  it('copes with no data and a single category', () => {
    assertWellFormedXml(renderChartSvg({ ...chart, categories: [], series: [] }));
    assertWellFormedXml(
      renderChartSvg({ ...chart, kind: 'line', categories: ['2024'], series: [{ name: 'A', values: [0] }] }),
    );
  });

  it('has round ticks covering the data and Swedish axis numbers', () => {
    expect(niceTicks(0, 84)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 4.4)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(niceTicks(-2, 45.5)).toEqual([-10, 0, 10, 20, 30, 40, 50]);
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(axisNumber(12500)).toBe('12 500');
    expect(axisNumber(2.5)).toBe('2,5');
    expect(axisNumber(-1000)).toBe('-1 000');
    expect(escapeXml('a\u0001b')).toBe('ab');
  });
});

async function xlsxFromFixture(billed: boolean): Promise<string> {
  const memory = reportWorkbook();
  const port = XlsxWorkbook.empty();
  for (const [name, rows] of Object.entries(memory.snapshot())) {
    port.createTab(name, { columns: rows[0].map((h) => ({ header: String(h) })) });
    port.write(name, 2, 1, rows.slice(1));
  }
  if (billed) for (const run of RUNS) expect(runBilling(port, run).written).toBe(true);
  const file = join(tmp(), 'arbetsbok.xlsx');
  await port.save(file);
  return file;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('runReport', () => {
  it('writes the tables as CSV and the charts as SVG, leaving the workbook untouched', async () => {
    const file = await xlsxFromFixture(true);
    const before = sha(file);
    const out = join(tmp(), 'uppfoljning');
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await runReport(file, out);
    stdout.mockRestore();
    expect(code).toBe(0);
    expect(sha(file)).toBe(before);
    expect(readdirSync(out).sort()).toEqual([
      'deltagardagar-per-1000-invanare.csv',
      'deltagardagar-per-1000-invanare.svg',
      'deltagardagar-per-kommun.csv',
      'deltagardagar-per-kommun.svg',
      'deltagardagar-per-yrkesresa.csv',
      'deltagardagar-per-yrkesresa.svg',
      'kommuner-per-ar.csv',
      'yrkesresor-per-ar.csv',
    ]);
    // The same tables as the report of the same workbook.
    const { tables } = readFollowUp(await XlsxWorkbook.open(file));
    for (const t of tables) expect(readFileSync(join(out, `${t.id}.csv`), 'utf8')).toBe(tableToCsv(t));
    for (const f of readdirSync(out).filter((f) => f.endsWith('.svg')))
      assertWellFormedXml(readFileSync(join(out, f), 'utf8'));

    const detail = readFileSync(join(out, 'kommuner-per-ar.csv'), 'utf8');
    // Luleå 2024: 8 participant-days of BOU courses at 1 550 kr = 12 400 kr; fixed cost 298 992 kr.
    expect(detail).toContain('\r\nLuleå;2024;3;8;0,10;2;12400,00;298992,00;');
    const perMunicipality = readFileSync(join(out, 'deltagardagar-per-kommun.csv'), 'utf8');
    expect(perMunicipality).toContain('\r\nSumma;21;11,5;32,5\r\n');
  });

  it('says so and exits 1 when the workbook cannot be read', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await runReport(join(tmp(), 'finns-inte.xlsx'), join(tmp(), 'ut'));
    const said = stderr.mock.calls.map((c) => String(c[0])).join('');
    stderr.mockRestore();
    expect(code).toBe(1);
    expect(said).toMatch(/Arbetsboken .*finns-inte\.xlsx finns inte\. Kontrollera sökvägen\./);
    expect(said).not.toMatch(/ENOENT|no such file/);
  });

  it('reports an empty workbook without charts', () => {
    const fu = followUp({
      municipalities: [],
      courses: [],
      attendance: [],
      trainers: [],
      ledger: { invoices: [], lines: [] },
    });
    expect(fu.layout.charts).toEqual([]);
    expect(fu.notes.at(-1)).toBe('Det finns ännu ingen närvaro, utbildardag eller faktura att följa upp.');
    for (const t of fu.tables) expect(tableToCsv(t).startsWith('\ufeff')).toBe(true);
  });
});

describe('yrkesresan report (the command)', () => {
  it('runs as a child process and writes the files, the workbook byte-for-byte unchanged', async () => {
    const file = await xlsxFromFixture(true);
    const before = sha(file);
    const out = join(tmp(), 'ut');
    const bin = join(import.meta.dirname, '../../bin/yrkesresan.js');
    const stdout = execFileSync(process.execPath, [bin, 'report', '--workbook', file, '--out', out], {
      encoding: 'utf8',
    });
    expect(stdout).toContain('Uppföljning av Yrkesresan');
    expect(sha(file)).toBe(before);
    expect(readdirSync(out).filter((f) => f.endsWith('.csv')).length).toBe(5);
    expect(readdirSync(out).filter((f) => f.endsWith('.svg')).length).toBe(3);
    expect(readFileSync(join(out, 'deltagardagar-per-yrkesresa.csv'), 'utf8')).toContain('\r\nÄldreomsorg – utförare;');
  });

  it('runs the same when the built dist/cli/yrkesresan.js is started directly instead of through bin', async () => {
    const file = await xlsxFromFixture(true);
    const out = join(tmp(), 'ut');
    const cli = join(import.meta.dirname, '../../dist/cli/yrkesresan.js');
    const stdout = execFileSync(process.execPath, [cli, 'report', '--workbook', file, '--out', out], {
      encoding: 'utf8',
    });
    expect(stdout.match(/Uppföljning av Yrkesresan/g)).toHaveLength(1);
    expect(readdirSync(out).filter((f) => f.endsWith('.csv')).length).toBe(5);
    const usage = spawnSync(process.execPath, [cli, 'okänt'], { encoding: 'utf8' });
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('Okänt kommando "okänt"');
  });
});
