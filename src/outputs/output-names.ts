import { extname } from 'node:path';

/**
 * The base of every output's name, from the input's: its extension off, and nothing that
 * would hide the file or break a path. `..csv` or `.csv` must not give `._higienizado.csv`
 * (hidden on Unix and in ownCloud's listings); characters Windows refuses become `_`, since
 * these files are downloaded to Windows desktops.
 */
export function outputBaseName(fileName: string): string {
  const base = fileName.slice(0, fileName.length - extname(fileName).length);
  const safe = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  return safe === '' ? 'arquivo' : safe;
}

/**
 * Every file a job can write for an input, whatever formats it was asked for: a new set
 * removes the ones of an older set that it lacks (the worker's `publishSet` stale list).
 * The writers name their own files; a test runs every format and compares with this list.
 */
export function everyOutputName(baseName: string): string[] {
  return ['_higienizado.csv', '_duplicados.csv', '_possiveis_duplicados.csv', '_rejeitados.csv', '_higienizado.xlsx', '_relatorio.pdf', '_dashboard.html', '_resumo.json'].map(
    (suffix) => `${baseName}${suffix}`,
  );
}
