/** The exit statuses of SPEC §7 and the output the commands write to, shared by every command module. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 1;
export const EXIT_INVALID = 2;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}
