import { addressTitleCaseRule } from './title-case.js';

/**
 * Endereço and Bairro: the shape of names (`TRAVESSA DAS PALMEIRAS, 2081` → `Travessa das Palmeiras, 2081`),
 * keeping the codes streets carry when re-cased from capitals (`PRAÇA JK` → `Praça JK`, `BR-116`, `S/N`).
 */
export const sanitizeAddress = addressTitleCaseRule;
