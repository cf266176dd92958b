// The small helpers every Apps Script module shares: the lock, the user, issue texts, escaping.
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_MESSAGE, currentUser, escapeHtml, issueText, issuesText, withDocumentLock } from '../../src/gas/host';
import { createGasEnvironment, type GasEnvironment } from './fakes';

const saved = { ...globalThis } as Record<string, unknown>;
function install(env: GasEnvironment): void {
  Object.assign(globalThis, env.globals);
}
afterEach(() => {
  for (const k of ['SpreadsheetApp', 'Session', 'LockService']) (globalThis as Record<string, unknown>)[k] = saved[k];
});

describe('withDocumentLock', () => {
  it('runs the work holding the document lock and releases it, also on failure', () => {
    const env = createGasEnvironment();
    install(env);
    expect(withDocumentLock(() => env.locks.document.held)).toBe(true);
    expect(env.locks.document.held).toBe(false);
    expect(() => withDocumentLock(() => {
      throw new Error('avbrott');
    })).toThrow('avbrott');
    expect(env.locks.document.held).toBe(false);
  });

  it('refuses with a clear Swedish message while another run holds the lock', () => {
    const env = createGasEnvironment();
    install(env);
    env.locks.document.heldElsewhere = true;
    let ran = false;
    expect(() => withDocumentLock(() => (ran = true))).toThrow(BUSY_MESSAGE);
    expect(BUSY_MESSAGE).toMatch(/^En annan körning pågår redan/);
    expect(() => withDocumentLock(() => (ran = true), 'Utskick pågår')).toThrow('Utskick pågår');
    expect(ran).toBe(false);
  });

  it('falls back to the script lock outside a bound script', () => {
    const env = createGasEnvironment();
    install(env);
    env.locks.documentLockUnavailable = true;
    expect(withDocumentLock(() => env.locks.script.held)).toBe(true);
  });
});

describe('currentUser', () => {
  it('is the active user in lower case, or "" when Google does not say', () => {
    const env = createGasEnvironment({ activeUser: ' Karin.Nilsson@Norrbotten.example ' });
    install(env);
    expect(currentUser()).toBe('karin.nilsson@norrbotten.example');
    env.session.activeUser = '';
    expect(currentUser()).toBe('');
    (globalThis as Record<string, unknown>).Session = { getActiveUser: () => { throw new Error('Behörighet saknas'); } };
    expect(currentUser()).toBe('');
  });
});

describe('texts', () => {
  it('names tab, row, column and value of an issue', () => {
    expect(issueText({ severity: 'error', tab: 'Närvaro 2024', row: 9, column: 'Kommun', value: 'Stockholm', message: 'Okänd kommun.' })).toBe(
      'Fel – Närvaro 2024, rad 9, kolumn Kommun: "Stockholm": Okänd kommun.',
    );
    expect(issueText({ severity: 'warning', tab: 'Kurser', message: 'Tom flik.' })).toBe('Varning – Kurser: Tom flik.');
    const many = Array.from({ length: 20 }, (_, i) => ({ severity: 'error' as const, tab: 'Närvaro', row: i + 2, message: 'x' }));
    expect(issuesText(many, 15).split('\n')).toHaveLength(16);
    expect(issuesText(many, 15)).toMatch(/… och 5 till\.$/);
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<script>"å" & 'ö'</script>`)).toBe('&lt;script&gt;&quot;å&quot; &amp; &#39;ö&#39;&lt;/script&gt;');
    expect(escapeHtml(undefined)).toBe('');
  });
});
