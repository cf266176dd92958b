// Blob: bytes with a content type and a name. getAs('application/pdf') of an HTML or text blob
// gives a recognisable fake PDF: "%PDF-1.4", a marker line, the source text verbatim, "%%EOF".
import type { Tracker } from './env';
import { countCalls } from './counting';

type GBlob = GoogleAppsScript.Base.Blob;

export const FAKE_PDF_MARKER = '%FAKE-PDF converted by the Apps Script fakes';

// Both conversions run over every byte of every PDF and bank file the tests move (megabytes in
// the call-count test): plain loops, 20 to 30 times faster than Array.from with a callback or
// Uint8Array.from of an array from the bundle's realm (whose iterator is not the fast path).
/** Apps Script bytes are signed (-128..127). */
export function toSignedBytes(buf: Uint8Array): number[] {
  const out = new Array<number>(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = buf[i] > 127 ? buf[i] - 256 : buf[i];
  return out;
}
/** Each number modulo 256 (as `b & 0xff`: -1 is 255), a typed array's conversion on assignment. */
export function fromBytes(bytes: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i];
  return out;
}

const BLOB_METHODS = [
  'copyBlob',
  'getAs',
  'getBytes',
  'getContentType',
  'getDataAsString',
  'getName',
  'isGoogleType',
  'setBytes',
  'setContentType',
  'setDataFromString',
  'setName',
  'getBlob',
] as const;

export class FakeBlob implements Pick<
  GBlob,
  | 'copyBlob'
  | 'getAs'
  | 'getBytes'
  | 'getContentType'
  | 'getDataAsString'
  | 'getName'
  | 'isGoogleType'
  | 'setBytes'
  | 'setContentType'
  | 'setDataFromString'
  | 'setName'
> {
  data: Buffer;
  constructor(
    private readonly t: Tracker,
    data: string | ArrayLike<number> | Buffer,
    public contentType: string | null = null,
    public name: string | null = null,
  ) {
    this.data =
      typeof data === 'string'
        ? Buffer.from(data, 'utf8')
        : Buffer.isBuffer(data)
          ? Buffer.from(data)
          : fromBytes(data);
  }
  private self(): GBlob {
    return this as unknown as GBlob;
  }
  /** Test helper: the content as UTF-8 text (not counted). */
  text(): string {
    return this.data.toString('utf8');
  }
  /** Test helper: whether this is a PDF made by getAs (not counted). */
  isFakePdf(): boolean {
    // On the bytes: a real PDF is 100 KB, and decoding it twice per question added up.
    return (
      this.contentType === 'application/pdf' &&
      this.data.subarray(0, 5).toString('latin1') === '%PDF-' &&
      this.data.includes(FAKE_PDF_MARKER)
    );
  }
  copyBlob(): GBlob {
    return new FakeBlob(this.t, this.data, this.contentType, this.name) as unknown as GBlob;
  }
  getAs(contentType: string): GBlob {
    if (contentType === this.contentType) return this.copyBlob();
    if (contentType !== 'application/pdf')
      throw new Error(`Converting from ${this.contentType} to ${contentType} is not supported.`);
    if (!this.contentType || !/^text\/(html|plain)/.test(this.contentType)) {
      throw new Error(`Converting from ${this.contentType} to ${contentType} is not supported.`);
    }
    const pdf = `%PDF-1.4\n${FAKE_PDF_MARKER} from ${this.contentType}\n${this.text()}\n%%EOF\n`;
    const name = this.name === null ? null : this.name.replace(/(\.[^.]*)?$/, '.pdf');
    return new FakeBlob(this.t, pdf, 'application/pdf', name) as unknown as GBlob;
  }
  getBytes(): number[] {
    return toSignedBytes(this.data);
  }
  getContentType(): string | null {
    return this.contentType;
  }
  getDataAsString(charset?: string): string {
    return this.data.toString(charset && /^iso-8859-1|latin1$/i.test(charset) ? 'latin1' : 'utf8');
  }
  getName(): string | null {
    return this.name;
  }
  isGoogleType(): boolean {
    return false;
  }
  setBytes(data: number[]): GBlob {
    this.data = fromBytes(data);
    return this.self();
  }
  setContentType(contentType: string | null): GBlob {
    this.contentType = contentType;
    return this.self();
  }
  setDataFromString(s: string): GBlob {
    this.data = Buffer.from(s, 'utf8');
    return this.self();
  }
  setName(name: string): GBlob {
    this.name = name;
    return this.self();
  }
  /** Blobs are BlobSources too. */
  getBlob(): GBlob {
    return this.self();
  }
}
countCalls(FakeBlob, 'Blob', BLOB_METHODS, { tracker: (self) => self['t'] });
