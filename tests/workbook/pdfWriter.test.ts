// The shared PDF writer: A4 pages, the embedded Unicode font, extractable text, refused glyphs.
import { describe, expect, it } from 'vitest';
import { A4, PdfWriter, UndrawableTextError, textWidth, undrawableCharacters } from '../../src/workbook/pdf/writer';
import { pdfText } from '../cli/pdfText';

const when = new Date('2025-06-01T00:00:00Z');

describe('PdfWriter', () => {
  it('writes A4 pages whose Sami, Polish and Finnish text extracts unchanged', async () => {
    const pdf = new PdfWriter();
    pdf.text('Čohkkiras Ŋuoššu Đuolbba Ŧeahkká Žiežžá', 40, 60, 'regular', 11);
    pdf.text('Łukasz Wąs – Jäämeri “Pajala” 1 550,00 €', 40, 80, 'bold', 11);
    pdf.addPage();
    pdf.rect(40, 40, 100, 20, '#e8eef7');
    pdf.text('Sida 2 av 2', 40, 60, 'regular', 9);
    const text = await pdfText(pdf.bytes({ title: 'Faktura Å', creationDate: when }));
    expect(text.pages).toBe(2);
    expect(text.size.width).toBeCloseTo(A4.width, 1);
    expect(text.size.height).toBeCloseTo(A4.height, 1);
    expect(text.lines).toEqual([
      'Čohkkiras Ŋuoššu Đuolbba Ŧeahkká Žiežžá',
      'Łukasz Wąs – Jäämeri “Pajala” 1 550,00 €',
      'Sida 2 av 2',
    ]);
  });

  it('gives the same bytes for the same drawing', () => {
    const draw = () => {
      const pdf = new PdfWriter();
      pdf.text('Arjeplogs kommun', 40, 60, 'regular', 10);
      return pdf.bytes({ creationDate: when });
    };
    expect(draw()).toEqual(draw());
  });

  it('refuses text the font cannot draw instead of drawing boxes', () => {
    const pdf = new PdfWriter();
    expect(() => pdf.text('Ahmad أحمد', 40, 60, 'regular', 10)).toThrow(UndrawableTextError);
    expect(undrawableCharacters('Ahmad أحمد Ŋ')).toEqual(['أ', 'ح', 'م', 'د']);
    expect(undrawableCharacters('Čohkkiras Łódź\n')).toEqual([]);
  });

  it('measures text with the font widths', () => {
    expect(textWidth('iiii', 'regular', 10)).toBeLessThan(textWidth('WWWW', 'regular', 10));
    expect(textWidth('Ab', 'bold', 10)).toBeGreaterThan(textWidth('Ab', 'regular', 10));
  });
});
