// Finds the Apps Script surface in src/gas/main.ts and renders it as top-level functions.
// Apps Script calls menu handlers, triggers and custom functions by name, and shows a custom
// function in autocomplete only when a JSDoc block with @customfunction sits right above a
// top-level function of the pushed file. esbuild drops comments, so the JSDoc is carried over
// from the source here.

/** @returns {{name: string, params: string[], jsdoc: string | null}[]} */
export function gasEntryPoints(source) {
  const entries = [];
  const re = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export\s+function\s+([A-Za-z][A-Za-z0-9]*)\s*\(([^)]*)\)/g;
  for (const m of source.matchAll(re)) {
    const jsdoc = m[1] ? m[1].trim() : null;
    const params = m[3]
      .split(',')
      .map(
        (p) =>
          p
            .trim()
            .replace(/^\.\.\./, '')
            .split(/[?:=\s]/)[0],
      )
      .filter(Boolean);
    entries.push({ name: m[2], params, jsdoc: jsdoc && jsdoc.includes('@customfunction') ? jsdoc : null });
  }
  return entries;
}

export function renderEntryStubs(entries, globalName) {
  return entries
    .map(({ name, params, jsdoc }) => {
      const list = params.join(', ');
      const head = jsdoc ? `${jsdoc}\n` : '';
      return `${head}function ${name}(${list}) {\n  return ${globalName}.${name}(${list});\n}\n`;
    })
    .join('\n');
}
