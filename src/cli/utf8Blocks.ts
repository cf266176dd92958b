/** Building large XML parts as UTF-8 bytes instead of as strings (the package writer, drawn sheets). */
const encoder = new TextEncoder();

/**
 * Text gathered as UTF-8 in blocks of about 64 KB: a long sheet's XML lives neither as one huge
 * string nor as many small ones that each survive a garbage collection.
 */
export class Utf8Blocks {
  private parts: string[] = [];
  private size = 0;
  private readonly blocks: Uint8Array[] = [];

  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 65_536) this.flush();
  }

  private flush(): void {
    if (this.parts.length) this.blocks.push(encoder.encode(this.parts.join('')));
    this.parts = [];
    this.size = 0;
  }

  bytes(): Uint8Array {
    this.flush();
    return concatBytes(this.blocks);
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
