/**
 * Splitting, never truncating: long text is cut at line boundaries (a single over-long line
 * at the limit), and lists of parts are packed greedily into messages under a budget. Every
 * character of the input comes out in exactly one piece, in order.
 */

/** Cuts text into pieces of at most `maxChars` code units, preferring line breaks. */
export function splitText(text: string, maxChars: number): string[] {
  if (maxChars <= 0) throw new Error('maxChars must be positive');
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    let cut = rest.lastIndexOf('\n', maxChars);
    cut = cut > 0 ? cut + 1 : maxChars;
    // Do not cut a surrogate pair in half.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/**
 * Packs items into consecutive chunks whose summed cost stays within `budget` (an item costing
 * more than the budget gets a chunk of its own — callers split such items first).
 */
export function packChunks<T>(items: readonly T[], cost: (item: T) => number, budget: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const c = cost(item);
    if (current.length > 0 && used + c > budget) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += c;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
