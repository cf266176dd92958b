/**
 * Apps Script bytes are Java's signed bytes (-128..127): `Byte[]` in
 * https://developers.google.com/apps-script/reference/utilities/utilities#newBlob(Byte,String,String)
 */
export function signed(bytes: Uint8Array): number[] {
  const out = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] > 127 ? bytes[i] - 256 : bytes[i];
  return out;
}
