import { fail, ok, type FieldRule } from './rule.js';
import { isUf, type Uf } from './uf.js';

/**
 * Correios CEP ranges per UF, as inclusive 5-digit prefixes. Since 2008 Rondônia is
 * 76800–76999 (it was 78900–78999) and Goiás ends at 76799; DF and GO interleave around Brasília.
 */
const CEP_RANGES: readonly (readonly [from: number, to: number, uf: Uf])[] = [
  [1000, 19999, 'SP'],
  [20000, 28999, 'RJ'],
  [29000, 29999, 'ES'],
  [30000, 39999, 'MG'],
  [40000, 48999, 'BA'],
  [49000, 49999, 'SE'],
  [50000, 56999, 'PE'],
  [57000, 57999, 'AL'],
  [58000, 58999, 'PB'],
  [59000, 59999, 'RN'],
  [60000, 63999, 'CE'],
  [64000, 64999, 'PI'],
  [65000, 65999, 'MA'],
  [66000, 68899, 'PA'],
  [68900, 68999, 'AP'],
  [69000, 69299, 'AM'],
  [69300, 69399, 'RR'],
  [69400, 69899, 'AM'],
  [69900, 69999, 'AC'],
  [70000, 72799, 'DF'],
  [72800, 72999, 'GO'],
  [73000, 73699, 'DF'],
  [73700, 76799, 'GO'],
  [76800, 76999, 'RO'],
  [77000, 77999, 'TO'],
  [78000, 78899, 'MT'],
  [79000, 79999, 'MS'],
  [80000, 87999, 'PR'],
  [88000, 89999, 'SC'],
  [90000, 99999, 'RS'],
];

/** The UF whose Correios range holds this 8-digit CEP; undefined for prefixes no UF uses (00000–00999, 78900–78999). */
export function ufOfCep(cep8: string): Uf | undefined {
  const prefix = Number(cep8.slice(0, 5));
  for (const [from, to, uf] of CEP_RANGES) if (prefix >= from && prefix <= to) return uf;
  return undefined;
}

export const formatCep = (cep8: string): string => `${cep8.slice(0, 5)}-${cep8.slice(5)}`;

// Dash, dot (`01.310-100`) and whitespace (NBSP included) are how CEPs get typed.
const isCepSeparator = (code: number): boolean =>
  code === 0x2d || code === 0x2e || code === 0x20 || code === 0x09 || code === 0xa0 || code === 0x202f;

export const sanitizeCep: FieldRule = (raw, context) => {
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += raw[i];
    else if (!isCepSeparator(code)) return fail('BAD_CHARACTERS', `unexpected character ${JSON.stringify(raw[i])}`);
  }
  // Excel drops the leading zero of Greater São Paulo's CEPs; no CEP starts with 00, so only one is lost.
  const cep = digits.length === 7 ? `0${digits}` : digits;
  if (cep.length !== 8) return fail('BAD_LENGTH', `${digits.length} digits, a CEP has 8`);
  if (cep === '00000000') return fail('CEP_ZERO', 'CEP 00000-000 is a placeholder');
  const uf = context.uf;
  if (uf !== undefined && isUf(uf)) {
    const cepUf = ufOfCep(cep);
    if (cepUf !== uf) {
      return fail('CEP_UF_MISMATCH', `CEP ${formatCep(cep)} is in ${cepUf ?? 'no UF'}, not ${uf}`);
    }
  }
  return ok(formatCep(cep));
};
