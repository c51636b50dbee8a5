/**
 * SheetJS does not read whether an .ods sheet is hidden (a table style with
 * table:display="false"), so a hidden instructions or lookup sheet would become the default.
 * This scans content.xml just far enough to see the first table whose style shows it: the
 * automatic styles come before the body, and scanning stops at that table's start tag.
 */
import { Unzip, UnzipInflate } from 'fflate';

const CHUNK_BYTES = 64 * 1024;
const TAG = /<(style:style|style:table-properties|table:table)\s[^>]*>/g;

/** Name of the first table of the .ods that is not hidden; undefined if all are hidden or none is found. */
export function findFirstVisibleOdsTable(zip: Uint8Array): string | undefined {
  const hiddenStyles = new Set<string>();
  let currentStyle: string | undefined;
  let found: string | undefined;
  let isDone = false;
  let failure: unknown;
  let pending = '';
  const decoder = new TextDecoder();

  const scan = (text: string): void => {
    TAG.lastIndex = 0;
    for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
      const tag = m[0];
      if (m[1] === 'style:style') {
        currentStyle = attribute(tag, 'style:family') === 'table' ? attribute(tag, 'style:name') : undefined;
      } else if (m[1] === 'style:table-properties') {
        if (currentStyle !== undefined && attribute(tag, 'table:display') === 'false') hiddenStyles.add(currentStyle);
      } else {
        const style = attribute(tag, 'table:style-name');
        if (style === undefined || !hiddenStyles.has(style)) {
          found = attribute(tag, 'table:name');
          isDone = true;
          return;
        }
      }
    }
  };

  const unzip = new Unzip((file) => {
    if (file.name !== 'content.xml') return;
    file.ondata = (error, chunk, final) => {
      if (isDone) return;
      if (error !== null) {
        failure = error;
        isDone = true;
        return;
      }
      // Only whole tags are scanned; a tag cut by the chunk boundary waits for the next chunk.
      const text = pending + decoder.decode(chunk, { stream: !final });
      const cut = text.lastIndexOf('<');
      const isCutOpen = cut !== -1 && text.indexOf('>', cut) === -1;
      scan(isCutOpen ? text.slice(0, cut) : text);
      pending = isCutOpen ? text.slice(cut) : '';
      if (final) isDone = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let offset = 0; offset < zip.length && !isDone; offset += CHUNK_BYTES) {
    const end = Math.min(offset + CHUNK_BYTES, zip.length);
    unzip.push(zip.subarray(offset, end), end === zip.length);
  }
  if (failure !== undefined) throw failure;
  return found;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const unescapeXml = (text: string): string =>
  text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
