import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NameMatcher, normalizeName, swedishCompare } from '../../src/core/names';

const MUNICIPALITIES = [
  'Arjeplog',
  'Arvidsjaur',
  'Boden',
  'Gällivare',
  'Haparanda',
  'Jokkmokk',
  'Kalix',
  'Kiruna',
  'Luleå',
  'Pajala',
  'Piteå',
  'Älvsbyn',
  'Överkalix',
  'Övertorneå',
];

describe('normalizeName', () => {
  it('ignores case, spaces, diacritics and the suffixes kommun/stad', () => {
    expect(normalizeName(' LULEÅ kommun ')).toBe('lulea');
    expect(normalizeName('Haparanda stad')).toBe('haparanda');
    expect(normalizeName('Över   torneå')).toBe('over tornea');
    expect(normalizeName('Gällivare\u00a0Kommun')).toBe('gallivare');
    expect(normalizeName('Zürich')).toBe('zurich');
  });
});

describe('NameMatcher', () => {
  const m = new NameMatcher(MUNICIPALITIES);
  it('matches forgivingly', () => {
    expect(m.match('Lulea')).toEqual({ kind: 'ok', name: 'Luleå' });
    expect(m.match(' LULEÅ kommun ')).toEqual({ kind: 'ok', name: 'Luleå' });
    expect(m.match('Haparanda stad')).toEqual({ kind: 'ok', name: 'Haparanda' });
    expect(m.match('Overtornea')).toEqual({ kind: 'ok', name: 'Övertorneå' });
    expect(m.match('overkalix')).toEqual({ kind: 'ok', name: 'Överkalix' });
  });
  it('reports unknown and ambiguous names', () => {
    expect(m.match('Stockholm')).toEqual({ kind: 'unknown' });
    expect(m.match('')).toEqual({ kind: 'unknown' });
    expect(m.match('Luleå-Boden')).toEqual({ kind: 'unknown' });
    const amb = new NameMatcher(['Åre', 'Are kommun', 'Boden']);
    expect(amb.match('are')).toEqual({ kind: 'ambiguous', candidates: ['Åre', 'Are kommun'] });
    expect(amb.match('Boden')).toEqual({ kind: 'ok', name: 'Boden' });
  });
});

describe('swedishCompare', () => {
  it('puts Å, Ä, Ö after Z', () => {
    const sorted = [...MUNICIPALITIES].reverse().sort(swedishCompare);
    expect(sorted).toEqual(MUNICIPALITIES);
    expect(sorted.slice(-3)).toEqual(['Älvsbyn', 'Överkalix', 'Övertorneå']);
    expect(['ö', 'ä', 'å', 'z'].sort(swedishCompare)).toEqual(['z', 'å', 'ä', 'ö']);
  });
  it('is case-insensitive; é as e, ü as y', () => {
    expect(swedishCompare('boden', 'Bodfn')).toBeLessThan(0);
    expect(swedishCompare('Béa', 'bec')).toBeLessThan(0);
    expect(swedishCompare('Müller', 'Myra')).toBeLessThan(0);
    expect(swedishCompare('Müller', 'Mxz')).toBeGreaterThan(0);
    expect(swedishCompare('Zeta', 'ångström')).toBeLessThan(0);
    expect(swedishCompare('Pite', 'Piteå')).toBeLessThan(0);
  });
  it('is a total order', () => {
    const str = fc.string({
      unit: fc.constantFrom('a', 'A', 'å', 'Å', 'ä', 'ö', 'Ö', 'é', 'e', 'z', ' ', '-', '1', 'ü', 'y'),
      maxLength: 6,
    });
    fc.assert(
      fc.property(str, str, str, (a, b, c) => {
        expect(Math.sign(swedishCompare(a, b)) + Math.sign(swedishCompare(b, a))).toBe(0);
        expect(swedishCompare(a, b) === 0).toBe(a === b);
        if (swedishCompare(a, b) < 0 && swedishCompare(b, c) < 0) expect(swedishCompare(a, c)).toBeLessThan(0);
      }),
    );
  });
});
