import { titleCaseRule } from './title-case.js';

/** Endereço and Bairro: the same shape as names (`TRAVESSA DAS PALMEIRAS, 2081` → `Travessa das Palmeiras, 2081`). */
export const sanitizeAddress = titleCaseRule;
