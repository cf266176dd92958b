// The small helpers every Apps Script module shares: the lock and the user.
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_MESSAGE, REAUTHORIZE_MESSAGE, currentUser, withDocumentLock } from '../../src/gas/host';
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
    expect(() =>
      withDocumentLock(() => {
        throw new Error('avbrott');
      }),
    ).toThrow('avbrott');
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
});

describe('currentUser', () => {
  it('is the active user in lower case, else the effective user, or "" when Google names neither', () => {
    const env = createGasEnvironment({ activeUser: ' Karin.Nilsson@Norrbotten.example ' });
    install(env);
    expect(currentUser()).toBe('karin.nilsson@norrbotten.example');
    env.session.activeUser = '';
    env.session.effectiveUser = 'Ola@Norrbotten.example';
    expect(currentUser()).toBe('ola@norrbotten.example');
    env.session.effectiveUser = '';
    expect(currentUser()).toBe('');
  });

  it('asks to re-authorize when the scope is missing, and lets any other error through', () => {
    const env = createGasEnvironment({ oauthScopes: ['https://www.googleapis.com/auth/spreadsheets.currentonly'] });
    install(env);
    expect(() => currentUser()).toThrow(REAUTHORIZE_MESSAGE);
    (globalThis as Record<string, unknown>).Session = {
      getActiveUser: () => {
        throw new Error('Service unavailable');
      },
    };
    expect(() => currentUser()).toThrow('Service unavailable');
  });
});
