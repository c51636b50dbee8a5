/**
 * The shared strings table, which has to be held in memory because any cell may point into it.
 * Its size is checked against maxSharedStringBytes twice: the declared size before reading (a
 * cheap early refusal) and the inflated bytes while reading (the declaration may lie).
 */
import { decodeXstring } from '../cell-text.js';
import { parseXmlPart } from './xml-part.js';
import type { PartContext } from './package-parts.js';
import { partTooLarge, tableTooLarge } from './xlsx-problems.js';

/**
 * What one entry costs in V8 beyond its characters: the string header and the array slot.
 * Measured with `higia process` (RSS minus the ~100 MB of an idle run): 28M two-character
 * entries ≈ 54 bytes each, 8M eight-character ones ≈ 56. 52 + 2 per character is close for
 * short strings and on the safe side for long ones (one-byte strings take 1 per character).
 */
const ENTRY_OVERHEAD_BYTES = 52;
import type { ZipPart } from './zip-archive.js';

/**
 * The text of each `<si>`: every `<t>`, whether directly inside `<si>` or in rich-text runs
 * `<r>`, concatenated in order; phonetic guides (`<rPh>`, Japanese furigana) are not part of the
 * value. Text is kept exactly, spaces included, whatever `xml:space` says: that is what Excel shows.
 */
export async function readSharedStrings(context: PartContext, part: ZipPart | undefined): Promise<string[]> {
  if (!part) return [];
  const { maxSharedStringBytes, maxPartBytes } = context.limits;
  const maxBytes = Math.min(maxSharedStringBytes, maxPartBytes);
  const limitName = maxBytes === maxSharedStringBytes ? 'maxSharedStringBytes' : 'maxPartBytes';
  if (part.declaredBytes > maxBytes) throw partTooLarge(part.name, limitName, maxBytes);

  const strings: string[] = [];
  const { maxSharedStringMemoryBytes } = context.limits;
  let estimatedBytes = 0;
  let current = '';
  let isInItem = false;
  let textDepth = 0;
  let phoneticDepth = 0;
  await parseXmlPart(
    context.archive,
    part,
    { maxBytes, limitName, signal: context.signal },
    {
      open(name) {
        if (name === 't') textDepth++;
        else if (name === 'si') {
          isInItem = true;
          current = '';
        } else if (name === 'rPh') phoneticDepth++;
      },
      close(name) {
        if (name === 't') textDepth--;
        else if (name === 'si') {
          isInItem = false;
          const text = decodeXstring(current);
          estimatedBytes += ENTRY_OVERHEAD_BYTES + 2 * text.length;
          if (estimatedBytes > maxSharedStringMemoryBytes) throw tableTooLarge(part.name, strings.length, maxSharedStringMemoryBytes);
          strings.push(text);
        } else if (name === 'rPh') phoneticDepth--;
      },
      text(text) {
        if (isInItem && textDepth > 0 && phoneticDepth === 0) current += text;
      },
    },
  );
  return strings;
}
