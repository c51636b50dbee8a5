import { LRUCache } from 'lru-cache';
import type * as fontkit from 'fontkit';

/** Words remembered per face: a report lays out a few thousand, most of them the same labels and numbers every time. */
const MAX_WORDS = 20_000;

interface RememberedRun {
  readonly glyphs: readonly fontkit.Glyph[];
  readonly positions: readonly Readonly<fontkit.GlyphPosition>[];
}

/**
 * The face with its `layout(text)` (shaping, no explicit features) remembered across
 * documents. pdfkit already remembers each word's layout, but per document: every report of
 * a small file shaped the same words again (~20 ms of an ~80 ms report, measured). fontkit's
 * layout is a pure function of the text, so the result is the same; each call gets its own
 * copy of the positions, which pdfkit scales in place. Anything else is the face itself.
 */
export function withLayoutMemo(font: fontkit.Font): fontkit.Font {
  const runs = new LRUCache<string, RememberedRun>({ max: MAX_WORDS });
  const layout = (text: string, ...rest: unknown[]): fontkit.GlyphRun => {
    if (rest.some((arg) => arg !== undefined)) return font.layout(text, ...rest);
    let run = runs.get(text);
    if (run === undefined) {
      const fresh = font.layout(text);
      run = { glyphs: [...fresh.glyphs], positions: fresh.positions.map((p) => ({ ...p })) };
      runs.set(text, run);
    }
    return copyOf(run);
  };
  return new Proxy(font, {
    get(target, key) {
      if (key === 'layout') return layout;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** What pdfkit reads of a run: its glyphs, positions it may change, and the width they add up to. */
function copyOf(run: RememberedRun): fontkit.GlyphRun {
  const positions = run.positions.map((p) => ({ ...p }));
  return {
    glyphs: [...run.glyphs],
    positions,
    get advanceWidth() {
      let width = 0;
      for (const position of positions) width += position.xAdvance;
      return width;
    },
  };
}
