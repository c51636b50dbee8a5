/**
 * The shared strings table, which has to be held in memory because any cell may point into it.
 * Its size is checked against maxSharedStringBytes twice: the declared size before reading (a
 * cheap early refusal) and the inflated bytes while reading (the declaration may lie).
 */
import { decodeXstring } from '../cell-text.js';
import { parseXmlPart } from './xml-part.js';
import type { PartContext } from './package-parts.js';
import { partTooLarge } from './xlsx-problems.js';
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
          strings.push(decodeXstring(current));
        } else if (name === 'rPh') phoneticDepth--;
      },
      text(text) {
        if (isInItem && textDepth > 0 && phoneticDepth === 0) current += text;
      },
    },
  );
  return strings;
}
