import type { FieldRule } from '../rules/rule.js';
import { sanitizeAddress, sanitizeNeighborhood } from '../rules/address.js';
import { sanitizeCep } from '../rules/cep.js';
import { sanitizeCity } from '../rules/city.js';
import { sanitizeCnpj } from '../rules/cnpj.js';
import { sanitizeCompanyName } from '../rules/company-name.js';
import { sanitizeCpf } from '../rules/cpf.js';
import { sanitizeBirthDate, sanitizeDate } from '../rules/date.js';
import { sanitizeDocument } from '../rules/document.js';
import { sanitizeEmail } from '../rules/email.js';
import { sanitizeMoney } from '../rules/money.js';
import { sanitizeName } from '../rules/name.js';
import { sanitizeAreaCode, sanitizePhone } from '../rules/phone.js';
import { sanitizeText } from '../rules/text.js';
import { sanitizeUf } from '../rules/uf.js';
import type { FieldType } from './field-type.js';

export const RULES_BY_TYPE = {
  cpf: sanitizeCpf,
  cnpj: sanitizeCnpj,
  document: sanitizeDocument,
  name: sanitizeName,
  company: sanitizeCompanyName,
  email: sanitizeEmail,
  phone: sanitizePhone,
  area_code: sanitizeAreaCode,
  cep: sanitizeCep,
  address: sanitizeAddress,
  neighborhood: sanitizeNeighborhood,
  city: sanitizeCity,
  uf: sanitizeUf,
  birthdate: sanitizeBirthDate,
  date: sanitizeDate,
  money: sanitizeMoney,
  text: sanitizeText,
  passthrough: undefined,
} satisfies Record<FieldType, FieldRule | undefined>;
