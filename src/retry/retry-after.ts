/**
 * An HTTP `Retry-After` value (RFC 9110 §10.2.3) as milliseconds from `nowMs`: delay-seconds
 * (`120`) or an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`; a date already past is 0).
 * Anything else, or no header, is undefined: the caller's own backoff applies.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // Only dates with a weekday and a zone, as HTTP sends them: Date.parse alone accepts "1" or "2026".
  if (!/^[A-Za-z]{3,9},? .*\d{2}:\d{2}:\d{2} (GMT|UTC|[+-]\d{4})$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
