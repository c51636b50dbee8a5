import { open } from 'node:fs/promises';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const CHUNK_BYTES = 1 << 20;

/**
 * Decides how a text file is encoded by reading it once: a BOM settles it; otherwise the
 * file is UTF-8 only if every byte of it is valid UTF-8 (a Latin-1 file is usually valid
 * ASCII for megabytes before its first "ç"). Anything else is read as Windows-1252, the
 * superset of ISO-8859-1 that Brazilian Excel and ERPs write (0x80–0x9F hold €, “ ” …; in
 * real ISO-8859-1 files those bytes never appear, so nothing is lost by assuming 1252).
 * The scan runs at memory speed (TextDecoder with fatal), a small cost next to parsing.
 */
export async function detectEncoding(path: string): Promise<TextEncoding> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (position === 0) {
        const bom = bomOf(buffer.subarray(0, bytesRead));
        if (bom) return bom;
      }
      if (bytesRead === 0) break;
      try {
        decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
      } catch {
        return 'windows-1252';
      }
      position += bytesRead;
    }
    try {
      decoder.decode(); // a multi-byte sequence cut by the end of the file
    } catch {
      return 'windows-1252';
    }
    return 'utf-8';
  } finally {
    await handle.close();
  }
}

export function bomOf(head: Uint8Array): TextEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}
