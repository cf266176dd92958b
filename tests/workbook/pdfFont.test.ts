// The embedded PDF font subset: reproducible from dejavu-fonts-ttf, a valid TrueType program,
// and covering the letters a Norrbotten invoice may carry (Sami, Finnish/Meänkieli, Polish).
import * as fontkit from 'fontkit';
import { unzlibSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontModuleText } from '../../scripts/make-font.mjs';
import { fontFaces } from '../../src/workbook/pdf/fontData';

const committed = join(__dirname, '../../src/workbook/pdf/fontData.ts');

describe('PDF font subset', () => {
  it('regenerating it gives the committed bytes (npm run font)', () => {
    expect(fontModuleText()).toBe(readFileSync(committed, 'utf8'));
  });

  it('covers Sami, Finnish, Polish letters, dashes, quotes and the euro sign', () => {
    const needed = 'ÁáČčĐđŊŋŠšŦŧŽžÅåÄäÖöÆæØøŁłÉéÜü–—‘’“”€…•';
    for (const face of [fontFaces.regular, fontFaces.bold]) {
      const mapped = new Set(face.cmap.map(([cp]) => cp));
      const missing = [...needed].filter((ch) => !mapped.has(ch.codePointAt(0) ?? -1));
      expect(missing).toEqual([]);
      expect(mapped.has('ع'.codePointAt(0) ?? -1)).toBe(false);
    }
  });

  it('covers the whole of Latin Extended-A and Latin Extended-B (U+0100–U+024F) in both faces', () => {
    for (const face of [fontFaces.regular, fontFaces.bold]) {
      const mapped = new Set(face.cmap.map(([cp]) => cp));
      const missing: string[] = [];
      for (let cp = 0x100; cp <= 0x24f; cp++) if (!mapped.has(cp)) missing.push(`U+${cp.toString(16).toUpperCase()}`);
      expect(missing).toEqual([]);
    }
  });

  it('is a TrueType program whose glyphs and widths match the map', () => {
    for (const face of [fontFaces.regular, fontFaces.bold]) {
      const bytes = unzlibSync(Buffer.from(face.program, 'base64'));
      expect(bytes.length).toBe(face.length);
      const font = fontkit.create(Buffer.from(bytes));
      const widths = new Map(face.widths);
      // .notdef and the components of accented (composite) glyphs come on top of the mapped ones.
      expect(font.numGlyphs).toBeGreaterThan(face.widths.length);
      for (const [, gid] of face.cmap) {
        const glyph = font.getGlyph(gid);
        expect(Math.round((glyph.advanceWidth * 1000) / font.unitsPerEm)).toBe(widths.get(gid));
      }
    }
  });
});
