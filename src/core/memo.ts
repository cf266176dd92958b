/**
 * The one memo of the product's pure conversions (cell values, dates in a zone, typed names):
 * each distinct input is converted once. A tab of 100 000 rows holds about a thousand dates, a
 * handful of day counts and a few dozen spellings of the municipalities; the answers are strings,
 * numbers, null or immutable Decimals, so sharing them is safe. A cache is cleared when it holds
 * CACHE_LIMIT answers, so it stays small whatever a workbook holds.
 */
const CACHE_LIMIT = 10_000;

/** `parse(key)`, remembered in `cache`. */
export function remembered<K, V>(cache: Map<K, V>, key: K, parse: (key: K) => V): V {
  const hit = cache.get(key);
  if (hit !== undefined || cache.has(key)) return hit as V;
  const value = parse(key);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}
