// The floor for the command line: what ExcelJS alone needs to read a workbook and write it back.
// Run as its own process, like the CLI, so both pay the same start-up. Usage: IN.xlsx OUT.xlsx
import ExcelJS from 'exceljs';

const [input, output] = process.argv.slice(2);
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(input);
await wb.xlsx.writeFile(output);
