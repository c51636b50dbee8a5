import { describe, expect, it } from 'vitest';
import {
  companyHolderVerdict,
  irregularCompanyStatus,
  irregularPersonStatus,
  personHolderVerdict,
  type HolderReason,
  type HolderVerdict,
} from './holder-check.js';

type PersonCase = [string, [string, string], [string, string], HolderVerdict, HolderReason];

const BIRTH = '1985-03-12';
const OTHER_BIRTH = '1991-07-30';

describe('personHolderVerdict', () => {
  it.each<PersonCase>([
    // The registry writes the same name its own way.
    ['the same canonical name and date', ['Maria das Graças Araújo', BIRTH], ['Maria das Graças Araújo', BIRTH], 'sim', 'NAME_AGREES'],
    ['UPPER without accents', ['Maria das Graças Araújo', BIRTH], ['MARIA DAS GRACAS ARAUJO', BIRTH], 'sim', 'NAME_AGREES'],
    ['UPPER with accents', ['João Conceição Simões', BIRTH], ['JOÃO CONCEIÇÃO SIMÕES', BIRTH], 'sim', 'NAME_AGREES'],
    ['accents missing on the row', ['Joao Goncalves', BIRTH], ['João Gonçalves', BIRTH], 'sim', 'NAME_AGREES'],
    ['a dropped particle', ['Ana Souza Costa', BIRTH], ['ANA DE SOUZA DA COSTA', BIRTH], 'sim', 'NAME_AGREES'],
    ['a swapped particle', ['Pedro da Silva', BIRTH], ['PEDRO DE SILVA', BIRTH], 'sim', 'NAME_AGREES'],
    ['punctuation and spacing', ['José  Carlos-Pereira.', BIRTH], ['JOSE CARLOS PEREIRA', BIRTH], 'sim', 'NAME_AGREES'],
    ['a middle name as an initial', ['Maria A. Santos', BIRTH], ['MARIA APARECIDA SANTOS', BIRTH], 'sim', 'NAME_AGREES'],
    ['a middle name as an initial in the registry', ['Antônio Carlos Lima', ''], ['ANTONIO C LIMA', ''], 'sim', 'NAME_AGREES'],
    ['Jr. for Júnior', ['Paulo Ribeiro Jr.', BIRTH], ['PAULO RIBEIRO JUNIOR', BIRTH], 'sim', 'NAME_AGREES'],
    ['a spelling variant (Souza/Sousa)', ['Lucas Souza', BIRTH], ['LUCAS SOUSA', BIRTH], 'sim', 'NAME_AGREES'],
    ['a spelling variant (Guimarães/Guimarais)', ['Fernanda Guimarães', ''], ['FERNANDA GUIMARAIS', ''], 'sim', 'NAME_AGREES'],
    ['no birth date on the row', ['Vera Lopes', ''], ['VERA LOPES', BIRTH], 'sim', 'NAME_AGREES'],
    ['no birth date in the registry', ['Vera Lopes', BIRTH], ['VERA LOPES', ''], 'sim', 'NAME_AGREES'],
    ['a registry date with a time', ['Vera Lopes', BIRTH], ['VERA LOPES', `${BIRTH}T00:00:00Z`], 'sim', 'NAME_AGREES'],
    ['a single name on both sides', ['Xuxa', ''], ['XUXA', ''], 'sim', 'NAME_AGREES'],

    // Partly the same.
    ['the names agree, the birth dates do not', ['Vera Lopes', BIRTH], ['VERA LOPES', OTHER_BIRTH], 'parcial', 'BIRTH_DATE_DIFFERS'],
    ['a middle name missing on the row', ['Maria Santos', BIRTH], ['MARIA APARECIDA SANTOS', BIRTH], 'parcial', 'NAME_PARTIAL'],
    ['a middle surname missing in the registry', ['Ana Silva Costa', ''], ['ANA COSTA', ''], 'parcial', 'NAME_PARTIAL'],
    ['a different middle name', ['Maria José Silva', ''], ['MARIA APARECIDA SILVA', ''], 'parcial', 'NAME_PARTIAL'],
    ['a surname added after marriage', ['Ana Silva', ''], ['ANA SILVA SANTOS', ''], 'parcial', 'NAME_PARTIAL'],
    ['no surname on the row', ['Juliana', BIRTH], ['JULIANA MARTINS', BIRTH], 'parcial', 'NAME_PARTIAL'],
    ['a typo in the last surname', ['Bruno Carvalho', BIRTH], ['BRUNO CARVLAHO', BIRTH], 'parcial', 'NAME_TYPO'],
    ['a typo in a middle name', ['Fernanda Guimarães Rocha', ''], ['FERNANDA GUIMARES ROCHA', ''], 'parcial', 'NAME_TYPO'],
    ['a first-name typo, the birth date the same', ['Fenando Moura', BIRTH], ['FERNANDO MOURA', BIRTH], 'parcial', 'NAME_TYPO'],
    ['the first name spelt another way (Thiago/Tiago)', ['Thiago Alves', BIRTH], ['TIAGO ALVES', BIRTH], 'parcial', 'NAME_TYPO'],
    ['the first name spelt another way, no birth date', ['Luiz Pinto', ''], ['LUIS PINTO', ''], 'parcial', 'NAME_TYPO'],
    ['the first name as an initial', ['M. Aparecida Santos', BIRTH], ['MARIA APARECIDA SANTOS', BIRTH], 'parcial', 'NAME_ABBREVIATED'],
    ['the last surname as an initial', ['Rita Moreira S.', ''], ['RITA MOREIRA SANTOS', ''], 'parcial', 'NAME_ABBREVIATED'],
    ['Júnior on one side only', ['Paulo Ribeiro', BIRTH], ['PAULO RIBEIRO JUNIOR', BIRTH], 'parcial', 'SUFFIX_DIFFERS'],
    ['Filho and Neto, the birth date the same', ['José Lima Filho', BIRTH], ['JOSE LIMA NETO', BIRTH], 'parcial', 'SUFFIX_DIFFERS'],
    ['no name on the row', ['', BIRTH], ['VERA LOPES', BIRTH], 'parcial', 'NAME_MISSING'],
    ['an empty registry name', ['Vera Lopes', BIRTH], ['', BIRTH], 'parcial', 'NAME_MISSING'],
    ['a registry name of punctuation only', ['Vera Lopes', ''], [' - . ', ''], 'parcial', 'NAME_MISSING'],

    // Someone else.
    ['a relative: another first name, the same surnames', ['Carla Mendes Pires', BIRTH], ['RAIMUNDO MENDES PIRES', OTHER_BIRTH], 'nao', 'FIRST_NAME_DIFFERS'],
    ['a relative with the same birth date (a twin)', ['Carla Mendes Pires', BIRTH], ['CAMILA MENDES PIRES', BIRTH], 'nao', 'FIRST_NAME_DIFFERS'],
    ['a relative, no birth date on the row', ['Renato Freitas', ''], ['RENATA FREITAS', BIRTH], 'nao', 'FIRST_NAME_DIFFERS'],
    ['a sibling one letter apart, the same birth date', ['Daniel Castro', BIRTH], ['DANIELA CASTRO', BIRTH], 'nao', 'FIRST_NAME_DIFFERS'],
    ['another real name one swap apart, no birth date', ['Luzia Reis', ''], ['LUIZA REIS', ''], 'nao', 'FIRST_NAME_DIFFERS'],
    ['a first-name typo whose birth date differs', ['Fenando Moura', BIRTH], ['FERNANDO MOURA', OTHER_BIRTH], 'nao', 'FIRST_NAME_DIFFERS'],
    ['a sound-alike first name whose birth date differs', ['Luzia Reis', BIRTH], ['LUCIA REIS', OTHER_BIRTH], 'nao', 'FIRST_NAME_DIFFERS'],
    ['a stranger', ['Carla Mendes Pires', BIRTH], ['GERALDO TEIXEIRA', OTHER_BIRTH], 'nao', 'NAME_DIFFERS'],
    ['a stranger, no birth dates', ['Ana Paula Souza', ''], ['Heitor Cavalcanti', ''], 'nao', 'NAME_DIFFERS'],
    ['the same first name, another surname', ['Maria Silva', BIRTH], ['MARIA OLIVEIRA', BIRTH], 'nao', 'SURNAME_DIFFERS'],
    ['the same first name, other surnames', ['José Almeida Brito', ''], ['JOSE MACEDO TAVARES', ''], 'nao', 'SURNAME_DIFFERS'],
    ['a partial agreement whose birth dates differ', ['Maria Santos', BIRTH], ['MARIA APARECIDA SANTOS', OTHER_BIRTH], 'nao', 'BIRTH_DATE_DIFFERS'],
    ['no name on the row, another birth date', ['', BIRTH], ['VERA LOPES', OTHER_BIRTH], 'nao', 'BIRTH_DATE_DIFFERS'],
    ['father and son: Júnior on one side, other dates', ['Paulo Ribeiro', BIRTH], ['PAULO RIBEIRO JUNIOR', OTHER_BIRTH], 'nao', 'SUFFIX_DIFFERS'],
    ['Filho and Neto with no birth date', ['José Lima Filho', ''], ['JOSE LIMA NETO', ''], 'nao', 'SUFFIX_DIFFERS'],
  ])('%s', (_, [name, birthDate], [refName, refBirthDate], verdict, reason) => {
    expect(personHolderVerdict({ name, birthDate }, { name: refName, birthDate: refBirthDate })).toEqual({ verdict, reason });
  });

  it('gives the same verdict whichever side is the row', () => {
    const pairs: [string, string][] = [
      ['Maria Santos', 'MARIA APARECIDA SANTOS'],
      ['Carla Mendes Pires', 'CAMILA MENDES PIRES'],
      ['Paulo Ribeiro Jr.', 'PAULO RIBEIRO JUNIOR'],
      ['Bruno Carvalho', 'BRUNO CARVLAHO'],
    ];
    for (const [a, b] of pairs) {
      expect(personHolderVerdict({ name: a, birthDate: BIRTH }, { name: b, birthDate: '' })).toEqual(
        personHolderVerdict({ name: b, birthDate: '' }, { name: a, birthDate: BIRTH }),
      );
    }
  });
});

describe('companyHolderVerdict', () => {
  it.each<[string, string, string, HolderVerdict, HolderReason]>([
    ['the same razão social', 'PADARIA BOA ESPERANÇA LTDA', 'PADARIA BOA ESPERANÇA LTDA', 'sim', 'NAME_AGREES'],
    ['title case without accents', 'Padaria Boa Esperanca Ltda', 'PADARIA BOA ESPERANÇA LTDA', 'sim', 'NAME_AGREES'],
    ['LTDA missing', 'PADARIA SÃO JORGE', 'PADARIA SAO JORGE LTDA', 'sim', 'NAME_AGREES'],
    ['ME against EPP', 'COMERCIAL ESTRELA ME', 'COMERCIAL ESTRELA EPP', 'sim', 'NAME_AGREES'],
    ['S/A against S.A.', 'CONSTRUTORA UNIÃO S/A', 'CONSTRUTORA UNIAO S.A.', 'sim', 'NAME_AGREES'],
    ['SA against SOCIEDADE ANONIMA', 'TRANSPORTADORA REAL SA', 'TRANSPORTADORA REAL SOCIEDADE ANONIMA', 'sim', 'NAME_AGREES'],
    ['& CIA LTDA and LTDA-ME', 'SILVA & CIA LTDA', 'SILVA LTDA-ME', 'sim', 'NAME_AGREES'],
    ['EIRELI with punctuation', 'Auto Peças Progresso - Eireli', 'AUTO PECAS PROGRESSO EIRELI', 'sim', 'NAME_AGREES'],
    ['words run together', 'AUTOPECAS PROGRESSO LTDA', 'AUTO PECAS PROGRESSO LTDA', 'sim', 'NAME_AGREES'],
    ['an abbreviated word', 'DISTRIB SANTA LUZIA LTDA', 'DISTRIBUIDORA SANTA LUZIA LTDA', 'sim', 'NAME_AGREES'],
    ['a leading CIA is part of the name', 'CIA BRASILEIRA DE BEBIDAS', 'BRASILEIRA DE BEBIDAS', 'parcial', 'NAME_PARTIAL'],
    ['a word more in the registry', 'FARMÁCIA BOM JESUS LTDA', 'FARMACIA BOM JESUS DROGARIA LTDA', 'parcial', 'NAME_PARTIAL'],
    ['a typo in a word', 'LANCHONETE PRIMAVERA ME', 'LANCHONETE PRIMAVRA ME', 'parcial', 'NAME_TYPO'],
    ['only a legal form on the row', 'LTDA', 'PADARIA SAO JORGE LTDA', 'parcial', 'NAME_MISSING'],
    ['an empty registry name', 'PADARIA SAO JORGE LTDA', '', 'parcial', 'NAME_MISSING'],
    ['another company of the same trade', 'PADARIA SÃO JORGE LTDA', 'PADARIA SANTA LUZIA LTDA', 'nao', 'NAME_DIFFERS'],
    ['another company altogether', 'ACADEMIA NOVA ERA ME', 'CONSULTORIA DOIS IRMAOS LTDA', 'nao', 'NAME_DIFFERS'],
    ['the same fantasy name in another trade', 'PADARIA ESTRELA LTDA', 'ACADEMIA ESTRELA LTDA', 'nao', 'NAME_DIFFERS'],
  ])('%s', (_, rowName, refName, verdict, reason) => {
    expect(companyHolderVerdict(rowName, refName)).toEqual({ verdict, reason });
  });
});

describe('irregular registration statuses', () => {
  it.each<[string, string | undefined]>([
    ['REGULAR', undefined],
    [' regular ', undefined],
    ['', undefined],
    ['N/A', undefined],
    ['SUSPENSA', 'SUSPENSA'],
    ['pendente de regularizacao', 'PENDENTE DE REGULARIZAÇÃO'],
    ['TITULAR FALECIDO', 'TITULAR FALECIDO'],
    ['Cancelada por Multiplicidade', 'CANCELADA POR MULTIPLICIDADE'],
    ['NULA', 'NULA'],
    ['  bloqueada   temporariamente ', 'BLOQUEADA TEMPORARIAMENTE'],
  ])('irregularPersonStatus(%j)', (situacao, want) => expect(irregularPersonStatus(situacao)).toBe(want));

  it.each<[string, string | undefined]>([
    ['ATIVA', undefined],
    ['Ativa', undefined],
    ['', undefined],
    ['BAIXADA', 'BAIXADA'],
    ['inapta', 'INAPTA'],
    ['SUSPENSA', 'SUSPENSA'],
    ['REGULAR', 'REGULAR'],
  ])('irregularCompanyStatus(%j)', (situacao, want) => expect(irregularCompanyStatus(situacao)).toBe(want));
});
