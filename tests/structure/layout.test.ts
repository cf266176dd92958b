// The README's Layout section is the map a newcomer reads first: it names every folder of src,
// every top-level folder and every folder of tests, and every folder it names exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const IGNORED = new Set(['node_modules', 'dist', 'out', 'coverage', '.git', '.ci', '.yrkesresan-work']);

function folders(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !IGNORED.has(e.name) && !e.name.startsWith('.'))
    .map((e) => (dir ? `${dir}/${e.name}` : e.name));
}

function allFolders(dir: string): string[] {
  return folders(dir).flatMap((d) => [d, ...allFolders(d)]);
}

/** The code block of the README's Layout section. */
function layout(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /^## Layout\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  return /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
}

describe("the README's layout", () => {
  const text = layout();
  const named = [...text.matchAll(/^([\w./-]+\/)\s/gm)].map((m) => m[1].replace(/\/$/, ''));

  it('is found', () => {
    expect(named).toContain('src/core');
    expect(named).toContain('tests');
  });
  it('names every folder of src and every top-level folder', () => {
    const wanted = [...folders('').filter((d) => d !== 'src'), ...allFolders('src')];
    // A folder is named by an entry of its own, or as 'name/' in the text of its parent's entry.
    const inText = (d: string) => text.includes(` ${d.slice(d.lastIndexOf('/') + 1)}/`);
    expect(wanted.filter((d) => !named.includes(d) && !inText(d))).toEqual([]);
  });
  it('names every folder of tests', () => {
    const entry = text.slice(text.indexOf('\ntests/'));
    expect(
      folders('tests')
        .map((d) => d.slice('tests/'.length))
        .filter((d) => !new RegExp(`\\b${d}\\b`).test(entry)),
    ).toEqual([]);
  });
  it('names only folders that exist', () => {
    expect(named.filter((d) => !existsSync(join(ROOT, d)))).toEqual([]);
  });
});
