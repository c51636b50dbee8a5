import { titleCaseRule } from './title-case.js';

/** Person names: cleaned to one line, then pt-BR title case (`MARIA DAS GRAÇAS` → `Maria das Graças`). */
export const sanitizeName = titleCaseRule;
