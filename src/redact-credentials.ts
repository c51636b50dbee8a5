/**
 * Replaces the password of every `scheme://user:password@host` in a text — a URL alone, or
 * a driver's error message quoting its connection URL — so logs, /ready and error bodies
 * never hand credentials on. The user name stays: it tells which account failed.
 */
export function redactCredentials(text: string): string {
  return text.replace(/(\/\/[^\s/@:]*):[^\s/@]*@/g, '$1:***@');
}
