// The small helpers every Apps Script module shares: the lock and the user.
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_MESSAGE, currentUser, withDocumentLock } from '../../src/gas/host';
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
