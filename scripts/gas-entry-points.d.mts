export interface GasEntryPoint {
  name: string;
  params: string[];
  /** The JSDoc block of a custom function (with @customfunction), else null. */
  jsdoc: string | null;
}
export function gasEntryPoints(source: string): GasEntryPoint[];
export function renderEntryStubs(entries: GasEntryPoint[], globalName: string): string;
