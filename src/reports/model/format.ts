import type { Locale } from '../../i18n/messages.js';

/**
 * Numbers and dates the way each audience writes them: 1.234,56 and dd/mm/aaaa in pt-BR.
 * Intl does this well; these wrappers only fix the options so every report agrees.
 */
export interface Formatter {
  readonly integer: (n: number) => string;
  readonly decimal: (n: number, digits?: number) => string;
  /** 0.1234 → "12,3%". */
  readonly percent: (ratio: number) => string;
  /** Like percent, but a share too small to show reads "< 0,1%", never "0,0%". */
  readonly share: (ratio: number) => string;
  /** ISO timestamp → "28/11/2026 14:05" (in São Paulo time). */
  readonly dateTime: (iso: string) => string;
  /** 83_210 → "1 min 23 s". */
  readonly duration: (ms: number) => string;
}

const TIME_ZONE = 'America/Sao_Paulo';
const SMALLEST_SHARE = 0.001;

const formatters = new Map<Locale, Formatter>();

/**
 * One formatter per language for the process: an Intl formatter is costly to create (a report
 * formats hundreds of numbers) and holds no state between calls.
 */
export function formatterFor(lang: Locale): Formatter {
  let formatter = formatters.get(lang);
  if (!formatter) formatters.set(lang, (formatter = createFormatter(lang)));
  return formatter;
}

function createFormatter(lang: Locale): Formatter {
  const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dateTime = new Intl.DateTimeFormat(lang, {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return {
    integer: (n) => integer.format(n),
    decimal: (n, digits = 2) => decimalFormat(lang, digits).format(n),
    percent: (ratio) => percent.format(Number.isFinite(ratio) ? ratio : 0),
    share: (ratio) => (ratio > 0 && ratio < SMALLEST_SHARE ? `< ${percent.format(SMALLEST_SHARE)}` : percent.format(Number.isFinite(ratio) ? ratio : 0)),
    dateTime: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date).replace(',', '');
    },
    duration: (ms) => formatDuration(ms, lang),
  };
}

function formatDuration(ms: number, lang: Locale): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${secondsFormat(lang).format(totalSeconds)} s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Math.round(totalSeconds % 60);
  return [hours > 0 ? `${hours} h` : '', `${minutes} min`, `${seconds} s`].filter(Boolean).join(' ');
}

const decimalFormats = new Map<string, Intl.NumberFormat>();

function decimalFormat(lang: Locale, digits: number): Intl.NumberFormat {
  const key = `${lang} ${digits}`;
  let format = decimalFormats.get(key);
  if (!format) decimalFormats.set(key, (format = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return format;
}

const secondsFormats = new Map<Locale, Intl.NumberFormat>();

function secondsFormat(lang: Locale): Intl.NumberFormat {
  let format = secondsFormats.get(lang);
  if (!format) secondsFormats.set(lang, (format = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })));
  return format;
}
