// `npm start`: a demonstration on the sample workbook. Copies examples/exempel.xlsx to
// out/exempel.xlsx and runs the May and December billing of 2025 through the command line,
// then summarises what was made and where it is (PDFs, e-invoices, e-mail files).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
const workbook = join(out, 'exempel.xlsx');
const rel = (p) => relative(process.cwd(), p) || '.';

const money = (s) => {
  const [int, frac] = s.replace('-', '').split('.');
  return `${s.startsWith('-') ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${frac} kr`;
};

if (!existsSync(join(root, 'dist/cli/yrkesresan.js'))) {
  console.log('Bygger verktyget …');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
}

mkdirSync(out, { recursive: true });
copyFileSync(join(root, 'examples/exempel.xlsx'), workbook);

const runs = [
  { month: '2025-05', date: '2025-05-31' },
  { month: '2025-12', date: '2025-12-19' },
];

const lines = [`Exempel: fakturering 2025 på en kopia av exempelarbetsboken (${rel(workbook)}).`, ''];
for (const { month, date } of runs) {
  const dir = join(out, month);
  rmSync(dir, { recursive: true, force: true });
  const args = ['bill', '--workbook', workbook, '--month', month, '--date', date, '--send', '--out', dir];
  process.stderr.write(`Kör fakturering ${month} …\n`);
  const result = spawnSync(process.execPath, [join(root, 'bin/yrkesresan.js'), ...args], { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    console.error(`Körningen ${month} misslyckades (status ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
  const json = JSON.parse(readFileSync(join(dir, 'invoices.json'), 'utf8'));
  lines.push(`${month} (fakturadatum ${json.invoiceDate}): ${json.invoices.length} fakturor`);
  const width = Math.max(0, ...json.invoices.map((i) => i.municipality.length));
  for (const inv of json.invoices) {
    lines.push(
      `  ${inv.number}  ${inv.municipality.padEnd(width)}  ${money(inv.total).padStart(15)}${inv.type === 'creditNote' ? '  kreditfaktura' : inv.credit ? '  att erhålla' : ''}`,
    );
  }
  lines.push(
    `  Utbildarpotten: in ${money(json.potCollected)}, utbetalt ${money(json.potPaidOut)}, kvar ${money(json.potCarriedOver)}`,
  );
  const count = (sub) => (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).length : 0);
  lines.push(`  PDF: ${count('pdf')} st i ${rel(join(dir, 'pdf'))}`);
  lines.push(`  E-fakturor (Peppol BIS Billing 3.0): ${count('peppol')} st i ${rel(join(dir, 'peppol'))}`);
  lines.push(`  E-post (.eml): ${count('mail')} st i ${rel(join(dir, 'mail'))}`);
  lines.push(`  Sammanställning: ${rel(join(dir, 'invoices.json'))}`);
  lines.push('');
}
lines.push(`Arbetsboken med fakturanummer, register och fakturablad: ${rel(workbook)}`);
console.log(lines.join('\n'));
