/** Today's date where the users are (São Paulo), as `yyyy-mm-dd`; UTC would be a day ahead at night. */
export function todayInBrazil(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(now);
}
