/**
 * The one home of the command line's failure texts: file-system errors (Node's errno errors,
 * whose messages are English: "EISDIR: illegal operation on a directory, open '…'") and the
 * workbook reader's library errors ("Can't find end of central directory : is this a zip file ?")
 * become Swedish sentences that say what went wrong and what to do. Nothing here is shown in
 * English, except the technical detail that YRKESRESAN_DEBUG=1 asks for (SPEC §7).
 */

/** A failure already put into words for the administrator (Swedish, says what to do). */
export class CliFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliFailure';
  }
}

interface ErrnoLike {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

/** A Node file-system error (also one from another realm, so no instanceof). */
export function errnoOf(e: unknown): ErrnoLike | null {
  if (typeof e !== 'object' || e === null) return null;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return null;
  const syscall = (e as { syscall?: unknown }).syscall;
  const path = (e as { path?: unknown }).path;
  const dest = (e as { dest?: unknown }).dest;
  return {
    code,
    ...(typeof syscall === 'string' ? { syscall } : {}),
    ...(typeof path === 'string' ? { path } : {}),
    ...(typeof dest === 'string' ? { dest } : {}),
  };
}

/** What the error means and what to do, for each code a file operation may end with. */
const REASONS: Record<string, string> = {
  ENOENT: 'filen eller mappen finns inte. Kontrollera sökvägen.',
  ENOTDIR: 'en del av sökvägen är en fil, inte en mapp. Välj en annan sökväg eller flytta filen.',
  EISDIR:
    'det ligger en mapp med det namnet där en fil ska vara. Ta bort eller byt namn på mappen, eller välj en annan sökväg.',
  EEXIST: 'det ligger redan en fil med det namnet där en mapp ska skapas. Flytta filen eller välj en annan sökväg.',
  ENOTEMPTY: 'mappen är inte tom. Töm eller flytta mappen, eller välj en annan sökväg.',
  EACCES: 'behörighet saknas. Kontrollera att ditt konto får läsa och skriva där, eller välj en annan mapp.',
  EPERM:
    'åtgärden är inte tillåten (filen kan vara låst eller skyddad). Kontrollera filens och mappens behörigheter, eller välj en annan mapp.',
  EROFS:
    'filsystemet är skrivskyddat (t.ex. en skrivskyddad disk eller nätverksmapp). Kopiera arbetsboken till en mapp du kan skriva i och kör igen.',
  ENOSPC: 'disken är full. Frigör utrymme och kör igen.',
  EDQUOT: 'din lagringskvot är slut. Frigör utrymme och kör igen.',
  EFBIG: 'filen blir för stor för filsystemet. Välj en annan disk.',
  EBUSY:
    'filen är upptagen av ett annat program (t.ex. öppen i Excel eller under synkronisering). Stäng programmet och kör igen.',
  ETXTBSY: 'filen är upptagen av ett annat program. Stäng programmet och kör igen.',
  EMFILE: 'för många filer är öppna. Stäng andra program och kör igen.',
  ENFILE: 'för många filer är öppna i systemet. Stäng andra program och kör igen.',
  ENAMETOOLONG: 'sökvägen eller filnamnet är för långt. Välj en kortare sökväg.',
  ELOOP: 'sökvägen innehåller symboliska länkar som pekar på varandra. Kontrollera länkarna.',
  EIO: 'läs- eller skrivfel på disken. Kontrollera disken (eller anslutningen till nätverksmappen) och kör igen.',
  EXDEV: 'filen kan inte flyttas mellan två diskar. Lägg arbetsboken och utmappen på samma disk.',
  EINVAL: 'sökvägen eller filnamnet går inte att använda här. Välj en annan sökväg.',
  EAGAIN: 'filen är tillfälligt otillgänglig. Vänta en stund och kör igen.',
  ETIMEDOUT: 'nätverksmappen svarade inte i tid. Kontrollera anslutningen och kör igen.',
  ESTALE: 'nätverksmappen har kopplats bort. Anslut den igen och kör igen.',
};

const VERBS: Record<string, string> = {
  open: 'öppna',
  read: 'läsa',
  write: 'skriva',
  mkdir: 'skapa mappen',
  rename: 'spara',
  unlink: 'ta bort',
  rmdir: 'ta bort mappen',
  rm: 'ta bort',
  stat: 'läsa',
  lstat: 'läsa',
  access: 'komma åt',
  chmod: 'ändra behörigheterna för',
  copyfile: 'kopiera',
  link: 'skapa',
  scandir: 'läsa mappen',
  realpath: 'hitta',
};

/** The reason part of a file error, in Swedish; a code without its own text still gets words. */
export function reasonOf(code: string): string {
  return (
    REASONS[code] ??
    'filsystemet gav ett oväntat fel. Kör igen; kvarstår felet, kör med YRKESRESAN_DEBUG=1 och visa utskriften för den som sköter verktyget.'
  );
}

/**
 * "Kunde inte skriva /ut/invoices.json: det ligger en mapp med det namnet där …". `what` names
 * the operation when the caller knows it better than the system call does ("skriva PDF-filen").
 */
export function fileErrorText(e: ErrnoLike, what?: string, path?: string): string {
  const verb = what ?? (e.syscall ? VERBS[e.syscall] : undefined) ?? 'använda';
  // A failed rename names the temp file first; what the administrator knows is the destination.
  const where = path ?? (e.syscall === 'rename' ? (e.dest ?? e.path) : e.path);
  return `Kunde inte ${verb}${where ? ` ${where}` : ''}: ${reasonOf(e.code)}`;
}

/** The reader's library texts, recognised: ExcelJS (JSZip, SAX) on a file that is no whole .xlsx. */
const DAMAGED_PACKAGE =
  /central directory|end of data|corrupted zip|invalid (signature|code lengths|distance|block type|stored block)|zip file|unexpected end|unexpected close tag|unclosed root tag|non-whitespace before first tag|invalid character|text data outside of root|bad compressed size|crc32|unsupported compression|encrypted zip/i;

export function looksLikeDamagedPackage(e: unknown): boolean {
  const message = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : e;
  return typeof message === 'string' && DAMAGED_PACKAGE.test(message);
}

const debugOn = (env: NodeJS.ProcessEnv): boolean => env.YRKESRESAN_DEBUG === '1';

/** The technical detail behind a failure, appended only when YRKESRESAN_DEBUG=1. */
export function debugDetail(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (!debugOn(env)) return '';
  const lines: string[] = [];
  for (let x: unknown = e, depth = 0; x !== undefined && depth < 5; depth++) {
    lines.push(x instanceof Error ? (x.stack ?? x.message) : String(x));
    x = x instanceof Error ? x.cause : undefined;
  }
  return `\nTeknisk information (YRKESRESAN_DEBUG=1):\n${lines.join('\n')}`;
}

/**
 * What an administrator reads about any failure that ended a command: the Swedish text of a
 * CliFailure, a translated file error, or one Swedish sentence for anything else (the product's
 * own Swedish messages are kept; a library's text is not shown, SPEC §7).
 */
export function failureText(e: unknown, env: NodeJS.ProcessEnv = process.env): string {
  let text: string;
  const errno = errnoOf(e);
  if (e instanceof CliFailure) text = e.message;
  else if (errno) text = fileErrorText(errno);
  else if (looksLikeDamagedPackage(e))
    text =
      'Oväntat fel: en fil kunde inte läsas eftersom den är skadad eller inte är det den utger sig för att vara. Arbetsboken sparades inte.';
  else {
    const message = e instanceof Error ? e.message : String(e);
    text = `Oväntat fel: ${englishLibraryText(message) ? 'kommandot avbröts av ett internt fel. Arbetsboken sparades inte. Kör igen med YRKESRESAN_DEBUG=1 och visa utskriften för den som sköter verktyget.' : message}`;
  }
  return text + debugDetail(e, env);
}

/**
 * The messages of JavaScript's own errors and of the libraries (TypeError "Cannot read properties
 * of undefined", RangeError "Invalid array length", "… is not a function"): never shown as such.
 */
function englishLibraryText(message: string): boolean {
  return /\b(cannot|can't|is not|undefined|null|invalid|unexpected|maximum|failed|error|not found|exceeded|unsupported)\b/i.test(
    message,
  );
}

/** Runs a file operation; an errno error becomes a CliFailure in Swedish (`what` names it). */
export async function fileStep<T>(what: string, path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    const errno = errnoOf(e);
    if (errno) throw new CliFailure(fileErrorText(errno, what, path));
    throw e;
  }
}
