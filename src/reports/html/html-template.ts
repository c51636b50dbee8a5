/**
 * A tiny `html` tagged template that escapes every interpolated string. Text from the model
 * (file names, field names, examples) may contain markup: escaping by default means a section
 * cannot forget to. Only `SafeHtml` (built by `html` itself, or `trustedHtml` for our own chart
 * SVGs) passes through. Numbers are not accepted on purpose: they must go through the model's
 * locale formatter (or `String()` for machine-readable attributes).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | undefined | null | false | readonly HtmlValue[];

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Markup we produced ourselves (chart SVGs, the stylesheet); never model text. */
export const trustedHtml = (markup: string): SafeHtml => new SafeHtml(markup);

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}
