/**
 * Feeds a part's bytes to a SAX parser (saxes) chunk by chunk. Yields after each chunk so a
 * caller that collects rows can hand them on before more XML is parsed: memory stays at one
 * chunk's worth. A DOCTYPE with entity declarations is never expanded (saxes does not).
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { asMalformed } from './xlsx-problems.js';
import type { PartReadOptions, ZipArchive, ZipPart } from './zip-archive.js';

export interface XmlHandlers {
  /** `name` is the local name: `x:row` and `row` are the same element (some producers prefix the main namespace). */
  readonly open?: (name: string, attributes: Readonly<Record<string, string>>) => void;
  readonly close?: (name: string) => void;
  /** Text (entities decoded) and CDATA alike, in document order, possibly in several pieces. */
  readonly text?: (text: string) => void;
}

/**
 * saxes holds a text node whole until the tag after it: a bomb of one 1 GB text node would grow
 * to V8's string limit before any handler saw it. The raw characters since the last `<` are
 * counted per chunk instead, and past maxChars the part stops with tooLong()'s error.
 */
export interface TextRunLimit {
  readonly maxChars: number;
  readonly tooLong: () => Error;
}

export const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
};

function makeXmlParser(handlers: XmlHandlers): SaxesParser {
  // Positions off: line and column tracking is paid on every character. Namespaces off: names
  // are matched by local name, which is all a workbook needs and spares a lookup per tag.
  const parser = new SaxesParser({ position: false });
  const { open, close, text } = handlers;
  if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes as Record<string, string>));
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  return parser;
}

/** UTF-8 unless the part starts with a UTF-16 little-endian BOM (a few old producers). */
function decoderFor(first: Buffer): StringDecoder {
  return new StringDecoder(first[0] === 0xff && first[1] === 0xfe ? 'utf16le' : 'utf8');
}

export async function* feedXmlPart(
  archive: ZipArchive,
  part: ZipPart,
  read: PartReadOptions,
  handlers: XmlHandlers,
  textRunLimit?: TextRunLimit,
): AsyncGenerator<void> {
  const parser = makeXmlParser(handlers);
  let decoder: StringDecoder | undefined;
  let runChars = 0;
  for await (const chunk of archive.readPart(part, read)) {
    let text: string;
    if (decoder) text = decoder.write(chunk);
    else {
      decoder = decoderFor(chunk);
      text = decoder.write(chunk);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    parse(() => parser.write(text), part, read.signal);
    if (textRunLimit) {
      const lastTag = text.lastIndexOf('<');
      runChars = lastTag === -1 ? runChars + text.length : text.length - lastTag - 1;
      if (runChars > textRunLimit.maxChars) throw textRunLimit.tooLong();
    }
    yield;
  }
  const rest = decoder?.end() ?? '';
  parse(() => parser.write(rest).close(), part, read.signal);
  yield;
}

/** Reads a whole (small) part for its events only. */
export async function parseXmlPart(
  archive: ZipArchive,
  part: ZipPart,
  read: PartReadOptions,
  handlers: XmlHandlers,
): Promise<void> {
  const chunks = feedXmlPart(archive, part, read, handlers);
  while (!(await chunks.next()).done);
}

function parse(work: () => unknown, part: ZipPart, signal: AbortSignal | undefined): void {
  try {
    work();
  } catch (error) {
    throw asMalformed(error, part.name, signal);
  }
}
