import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trustedHtml } from './html-template.js';

describe('html template', () => {
  it('escapes every interpolated string, including inside attributes', () => {
    const name = `<img src=x onerror="alert('1')"> & co`;
    expect(html`<td title="${name}">${name}</td>`.value).toBe(
      '<td title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co</td>',
    );
  });

  it('passes nested fragments and trusted markup through once, and drops empty values', () => {
    const rows = ['<a>', 'b'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${rows}${undefined}${false}${null}${trustedHtml('<hr>')}</ul>`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li><hr></ul>');
  });

  it('leaves emoji and accents untouched', () => {
    expect(escapeHtml('Conceição 👩‍👩‍👧‍👦')).toBe('Conceição 👩‍👩‍👧‍👦');
  });
});
