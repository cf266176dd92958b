// The part of fontkit (a dev dependency, no published types) that the font test uses.
declare module 'fontkit' {
  export interface Glyph {
    readonly advanceWidth: number;
  }
  export interface Font {
    readonly numGlyphs: number;
    readonly unitsPerEm: number;
    getGlyph(id: number): Glyph;
  }
  export function create(buffer: Buffer): Font;
}
