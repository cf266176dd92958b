/**
 * Opening FILE for a command: the checks that tell an administrator, in Swedish and with what to
 * do, why a file is no workbook the tool can read (missing, a folder, empty, password-protected,
 * an old .xls, not an .xlsx package, damaged), before the library would answer in English.
 */
import { readFile, stat } from 'node:fs/promises';
import { CliFailure, errnoOf, fileErrorText, looksLikeDamagedPackage } from './failure';
import { XlsxWorkbook } from './xlsx';

/** An OLE2 / Compound File Binary header (MS-CFB 2.2): what Excel writes for .xls and for encrypted .xlsx. */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** A zip local file header, which every .xlsx package (ECMA-376 Part 2) begins with. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (bytes: Uint8Array, signature: number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** A UTF-16LE needle: CFB directory entries name their streams in UTF-16LE (MS-CFB 2.6.1). */
function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

export type FileKind = 'empty' | 'encrypted' | 'xls' | 'xlsx' | 'other';

/**
 * What the bytes are. A password-protected .xlsx is a CFB file holding the streams
 * EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO 2.3.4.1, 2.3.4.4); a CFB without them is
 * an old binary workbook (.xls) or another Office document.
 */
export function fileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, CFB_SIGNATURE)) {
    return containsUtf16(bytes, 'EncryptionInfo') || containsUtf16(bytes, 'EncryptedPackage') ? 'encrypted' : 'xls';
  }
  if (startsWith(bytes, ZIP_SIGNATURE)) return 'xlsx';
  return 'other';
}

const DOWNLOAD_AGAIN =
  'Ladda ned arbetsboken från Google Kalkylark på nytt (Arkiv > Ladda ned > Microsoft Excel (.xlsx)) och ange den filen.';

/** Why bytes of this kind cannot be opened, or null for a package worth handing to the reader. */
export function kindProblem(path: string, kind: FileKind): string | null {
  switch (kind) {
    case 'empty':
      return `Arbetsboken ${path} är tom (0 byte), t.ex. efter en avbruten nedladdning eller kopiering. ${DOWNLOAD_AGAIN}`;
    case 'encrypted':
      return `Arbetsboken ${path} är lösenordsskyddad (krypterad) och kan inte läsas. Öppna den i Excel, ta bort lösenordet (Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord, töm fältet), spara och kör igen.`;
    case 'xls':
      return `${path} är en äldre Excel-fil (.xls) eller ett annat Office-dokument, inte en .xlsx-arbetsbok. Öppna den i Excel och spara den som Excel-arbetsbok (.xlsx), eller ${DOWNLOAD_AGAIN.charAt(0).toLowerCase()}${DOWNLOAD_AGAIN.slice(1)}`;
    case 'other':
      return `${path} är ingen .xlsx-arbetsbok (filen är inget Excel-paket). Kontrollera att du angav rätt fil. ${DOWNLOAD_AGAIN}`;
    case 'xlsx':
      return null;
  }
}

/** The workbook at `path`, read and parsed; a CliFailure in Swedish when it cannot be. */
export async function readWorkbookFile(path: string): Promise<XlsxWorkbook> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new CliFailure(`${path} är en mapp, inte en arbetsbok. Ange sökvägen till .xlsx-filen.`);
    if (!info.isFile()) throw new CliFailure(`${path} är ingen vanlig fil. Ange sökvägen till .xlsx-filen.`);
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof CliFailure) throw e;
    const errno = errnoOf(e);
    if (errno?.code === 'ENOENT') throw new CliFailure(`Arbetsboken ${path} finns inte. Kontrollera sökvägen.`);
    if (errno) throw new CliFailure(fileErrorText(errno, 'läsa arbetsboken', path));
    throw e;
  }
  const problem = kindProblem(path, fileKind(bytes));
  if (problem) throw new CliFailure(problem);
  try {
    return await XlsxWorkbook.fromBuffer(bytes);
  } catch (e) {
    // The library's text (JSZip, SAX, ExcelJS) is not shown; YRKESRESAN_DEBUG=1 shows it.
    const cause = looksLikeDamagedPackage(e)
      ? 'filen är skadad eller ofullständig (t.ex. en avbruten nedladdning)'
      : 'innehållet kunde inte tolkas som en arbetsbok';
    throw new CliFailure(`Kunde inte läsa arbetsboken ${path}: ${cause}. ${DOWNLOAD_AGAIN}`, { cause: e });
  }
}
