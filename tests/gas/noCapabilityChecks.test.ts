// The Apps Script host calls Google's documented API directly (issue 13, point 8): no test of
// whether a method exists, written for a host that lacks parts of the API (the real one never
// does, and a method named in a string escapes the typecheck). The floors below the host share
// the rule: nothing in src asks whether a part of its host is there.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from './harness';

const CAPABILITY_CHECK =
  /typeof\s+[\w.]+\s*[!=]==?\s*'(function|undefined)'|\bhasMethod\(|\boptional\('|'\w+'\s+in\s+(SpreadsheetApp|range|sheet|ss)\b/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const checks = (path: string): string[] =>
  [
    ...readFileSync(path, 'utf8')
      .replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')
      .matchAll(CAPABILITY_CHECK),
  ].map((m) => m[0]);

describe('src/gas has no capability checks', () => {
  for (const file of sources('src/gas')) {
    it(relative('src/gas', file), () => {
      expect(checks(file)).toEqual([]);
    });
  }
});

describe('nor does the rest of src', () => {
  it('core, workbook, app and cli', () => {
    const found = sources('src')
      .filter((f) => !f.startsWith(join('src', 'gas')))
      .flatMap((f) => checks(f).map((c) => `${f}: ${c}`));
    expect(found).toEqual([]);
  });

  it('the rule finds what it is for', () => {
    const probe = [
      "if (typeof LockService === 'undefined') return;",
      "if (typeof range.setWraps === 'function') range.setWraps(w);",
      "if (hasMethod(sheet, 'setHiddenGridlines')) sheet.setHiddenGridlines(true);",
      "const f = optional('getRemainingDailyQuota');",
      "if ('insertChart' in sheet) sheet.insertChart(c);",
    ];
    for (const line of probe) expect(line.match(CAPABILITY_CHECK), line).not.toBeNull();
  });
});

describe('the built Code.js', () => {
  it('asks no Apps Script service whether it is there', () => {
    const services =
      'SpreadsheetApp|Session|LockService|MailApp|Utilities|HtmlService|CacheService|PropertiesService|ScriptApp|Charts|XmlService|UrlFetchApp|Logger';
    const probe = new RegExp(`typeof\\s+(${services})\\b|\\bhasMethod\\(|\\boptional\\(['"]`, 'g');
    expect([...readBundle().matchAll(probe)].map((m) => m[0])).toEqual([]);
    expect("if (typeof LockService === 'undefined') return;".match(probe)).not.toBeNull();
  });
});
