import { describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, cellTextXml, columnName, escapeAttribute, escapeCellText, isPlainXmlText, toCellText } from './xml-text.js';

describe('toCellText', () => {
  it.each([
    ['plain', 'João da Silva', 'João da Silva'],
    ['C0 controls stripped', 'a\u0000b\u0008c\u000Bd\u000Ce\u001Ff', 'abcdef'],
    ['tab, LF and CR kept', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['U+FFFE/U+FFFF stripped', 'a\uFFFEb\uFFFF', 'ab'],
    ['lone high surrogate stripped', 'a\uD83Db', 'ab'],
    ['lone low surrogate stripped', 'a\uDE00b', 'ab'],
    ['surrogate pair kept', 'ok 😀', 'ok 😀'],
    ['formula neutralized', '=1+1', "'=1+1"],
    ['formula hidden behind a control char', '\u0000=1+1', "'=1+1"],
    ['E.164 phone kept', '+5511987654321', '+5511987654321'],
  ])('%s', (_, raw, want) => expect(toCellText(raw)).toBe(want));

  it('cuts text to 32,767 characters', () => {
    expect(toCellText('x'.repeat(40_000))).toHaveLength(MAX_CELL_CHARS);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const text = toCellText(`${'x'.repeat(MAX_CELL_CHARS - 1)}😀tail`);
    expect(text).toBe('x'.repeat(MAX_CELL_CHARS - 1));
  });
});

describe('escapeCellText', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<tag>', '&lt;tag&gt;'],
    ['say "hi"', 'say &quot;hi&quot;'],
    ["d'Ávila", "d'Ávila"],
    ['line\r\nbreak', 'line&#13;\nbreak'],
    ['_x0041_', '_x005F_x0041_'],
    ['snake_case_x', 'snake_case_x'],
    ['a\u0001b', 'ab'],
  ])('%j', (raw, want) => expect(escapeCellText(raw)).toBe(want));
});

describe('cellTextXml', () => {
  it('neutralizes, strips and escapes in one go', () => {
    expect(cellTextXml('=HYPERLINK("http://x?a=1&b=2","<clique>")')).toBe(
      "'=HYPERLINK(&quot;http://x?a=1&amp;b=2&quot;,&quot;&lt;clique&gt;&quot;)",
    );
  });
});

describe('isPlainXmlText', () => {
  it.each([
    ['João Ação 123', true],
    ['a&b', false],
    ['a_b', false],
    ['😀', false],
    ['a\rb', false],
  ])('%j → %s', (text, want) => expect(isPlainXmlText(text)).toBe(want));
});

it('escapeAttribute escapes both quote kinds', () => {
  expect(escapeAttribute(`O'Brien "&" <x>`)).toBe('O&apos;Brien &quot;&amp;&quot; &lt;x&gt;');
});

it.each([
  [0, 'A'],
  [25, 'Z'],
  [26, 'AA'],
  [51, 'AZ'],
  [52, 'BA'],
  [701, 'ZZ'],
  [702, 'AAA'],
  [16_383, 'XFD'],
])('columnName(%i) = %s', (index, want) => expect(columnName(index)).toBe(want));
