/**
 * mkdir and writeFile for the files a command writes into DIR, as node:fs/promises has them,
 * except that a failure names the file and says in Swedish what to do (src/cli/failure.ts):
 * a failed write(2) carries no path of its own ("ENOSPC: no space left on device, write").
 */
import { mkdir as fsMkdir, writeFile as fsWriteFile } from 'node:fs/promises';
import { fileStep } from './failure';

export function mkdir(path: string, options: { recursive: true }): Promise<string | undefined> {
  return fileStep('skapa mappen', path, () => fsMkdir(path, options));
}

export function writeFile(path: string, data: string | Uint8Array, encoding?: 'utf8'): Promise<void> {
  return fileStep('skriva', path, () => fsWriteFile(path, data, encoding));
}
