import type { ReadingNote } from '../pipeline/reading-notes.js';
import type { Locale } from './messages.js';

/** One sentence per reading note, for the CLI, the reports and the job record. */
export function describeReadingNote(note: ReadingNote, lang: Locale): string {
  const n = new Intl.NumberFormat(lang).format;
  const share = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(note.of > 0 ? note.count / note.of : 0);
  const plural = note.count === 1 ? '' : 's';
  if (lang === 'en') {
    switch (note.code) {
      case 'LINES_ABOVE_HEADER':
        return `${n(note.count)} line${plural} above the header skipped (header on line ${n(note.of)}); set input.headerRow in a layout if that is wrong`;
      case 'WINDOWS_1252_LINES':
        return `${n(note.count)} line${plural} in Windows-1252 (the rest of the file is UTF-8)`;
      case 'MOSTLY_WRONG_SHAPE':
        return `${share} of the rows have a different number of cells than the header: probably a reading problem (delimiter, quoting, header line or sheet), not bad data`;
      case 'MOSTLY_REJECTED':
        return `${share} of the rows were rejected: check that the header, the sheet and the column types were read right`;
    }
  }
  switch (note.code) {
    case 'LINES_ABOVE_HEADER':
      return `${n(note.count)} linha${plural} acima do cabeçalho ignorada${plural} (cabeçalho na linha ${n(note.of)}); use input.headerRow num layout se não for essa`;
    case 'WINDOWS_1252_LINES':
      return `${n(note.count)} linha${plural} em Windows-1252 (o resto do arquivo é UTF-8)`;
    case 'MOSTLY_WRONG_SHAPE':
      return `${share} das linhas têm número de colunas diferente do cabeçalho: provável problema de leitura (delimitador, aspas, linha do cabeçalho ou planilha), não de dados`;
    case 'MOSTLY_REJECTED':
      return `${share} das linhas foram rejeitadas: confira se o cabeçalho, a planilha e os tipos das colunas foram lidos certo`;
  }
}
