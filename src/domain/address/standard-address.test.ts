import { describe, expect, it } from 'vitest';
import { standardizeAddress } from './standard-address.js';

/** [Endereço after the re-casing rule, street, number, complement] */
type Case = readonly [string, string, string, string];

const streetTypes: Case[] = [
  ['R. Dr. Arnaldo, Nº 638 Ap 12', 'Rua Doutor Arnaldo', '638', 'Apto 12'],
  ['R Dr Arnaldo 638', 'Rua Doutor Arnaldo', '638', ''],
  ['R. das Flores, 12', 'Rua das Flores', '12', ''],
  ['Av. Paulista, 1578', 'Avenida Paulista', '1578', ''],
  ['Av Paulista 1578', 'Avenida Paulista', '1578', ''],
  ['Avda. Rio Branco, 156', 'Avenida Rio Branco', '156', ''],
  ['Av.Paulista, 900', 'Avenida Paulista', '900', ''],
  ['Al. Santos, 45', 'Alameda Santos', '45', ''],
  ['Al Lorena 1200 Apto 31', 'Alameda Lorena', '1200', 'Apto 31'],
  ['Trav. São José, 8', 'Travessa São José', '8', ''],
  ['Tv. das Palmeiras, 2081', 'Travessa das Palmeiras', '2081', ''],
  ['Tv São Jorge 7', 'Travessa São Jorge', '7', ''],
  ['Pç. da Sé, 1', 'Praça da Sé', '1', ''],
  ['Pça. Sete de Setembro, 30', 'Praça Sete de Setembro', '30', ''],
  ['Pc. Tiradentes, 10', 'Praça Tiradentes', '10', ''],
  ['Pca da Liberdade 130', 'Praça da Liberdade', '130', ''],
  ['Estr. do Campo Limpo, 4200', 'Estrada do Campo Limpo', '4200', ''],
  ['Est. dos Bandeirantes, 900', 'Estrada dos Bandeirantes', '900', ''],
  ['Rod. Raposo Tavares, Km 18', 'Rodovia Raposo Tavares', 'Km 18', ''],
  ['Lgo. do Arouche, 24', 'Largo do Arouche', '24', ''],
  ['Lgo São Francisco 133', 'Largo São Francisco', '133', ''],
  ['Rua Doutor Arnaldo, 638', 'Rua Doutor Arnaldo', '638', ''],
  ['Avenida Brasil', 'Avenida Brasil', '', ''],
];

const titles: Case[] = [
  ['Rua Prof. Artur Ramos, 183', 'Rua Professor Artur Ramos', '183', ''],
  ['Rua Prof Artur Ramos 183', 'Rua Professor Artur Ramos', '183', ''],
  ['Rua Profa. Maria José, 40', 'Rua Professora Maria José', '40', ''],
  ['Rua Pe. Anchieta, 77', 'Rua Padre Anchieta', '77', ''],
  ['Av. Sta. Catarina, 1500', 'Avenida Santa Catarina', '1500', ''],
  ['Rua Sto. Antônio, 12', 'Rua Santo Antônio', '12', ''],
  ['Rua Cel. Oscar Porto, 800', 'Rua Coronel Oscar Porto', '800', ''],
  ['Av. Gal. Olímpio da Silveira, 20', 'Avenida General Olímpio da Silveira', '20', ''],
  ['Av. Mal. Deodoro, 5', 'Avenida Marechal Deodoro', '5', ''],
  ['Rua Eng. Rebouças, 99', 'Rua Engenheiro Rebouças', '99', ''],
  ['Rua Tte. Azevedo, 3', 'Rua Tenente Azevedo', '3', ''],
  ['Rua Cap. Macedo, 14', 'Rua Capitão Macedo', '14', ''],
  ['Rua Des. Ferreira França, 40', 'Rua Desembargador Ferreira França', '40', ''],
  ['Av. Pres. Vargas, 1000', 'Avenida Presidente Vargas', '1000', ''],
  ['Rua Dep. Lacerda Franco, 300', 'Rua Deputado Lacerda Franco', '300', ''],
  ['Rua Sen. Feijó, 176', 'Rua Senador Feijó', '176', ''],
  ['Av. Gov. Valadares, 55', 'Avenida Governador Valadares', '55', ''],
  ['Rua Maj. Sertório, 92', 'Rua Major Sertório', '92', ''],
  ['Av. Brig. Faria Lima, 2232', 'Avenida Brigadeiro Faria Lima', '2232', ''],
  ['Rua Alm. Barroso, 6', 'Rua Almirante Barroso', '6', ''],
  ['Rua Com. Araújo, 510', 'Rua Comendador Araújo', '510', ''],
  ['R. N. Sra. de Fátima, s/n', 'Rua Nossa Senhora de Fátima', 'S/N', ''],
  ['Rua Visc. de Pirajá, 330', 'Rua Visconde de Pirajá', '330', ''],
  ['Dr. Arnaldo, 12', 'Doutor Arnaldo', '12', ''],
  ['Rua Dra. Maria Augusta, 8', 'Rua Doutora Maria Augusta', '8', ''],
  ['Rua Mal Deodoro, 10', 'Rua Mal Deodoro', '10', ''], // dotless `mal` is also a word
  ['Rua Gal Costa, 15', 'Rua Gal Costa', '15', ''], // a singer, not a general
  ['Rua D. Pedro II, 40', 'Rua D. Pedro II', '40', ''], // Dom or Dona: left as written
  ['Rua S. Bento, 200', 'Rua S. Bento', '200', ''], // São, Santo or Santa: left as written
  ['Rua Jd. América, 9', 'Rua Jd. América', '9', ''], // a bairro's word, not a title
];

const numbers: Case[] = [
  ['Rua das Flores, nº 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores, Nº 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores, N. 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores, n° 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores nº 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores Nº123', 'Rua das Flores', '123', ''],
  ['Rua das Flores, N.º 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores no 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores, Número 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores, 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores,123', 'Rua das Flores', '123', ''],
  ['Rua das Flores - 123', 'Rua das Flores', '123', ''],
  ['Rua das Flores, 123A', 'Rua das Flores', '123A', ''],
  ['Rua das Flores, 123-B', 'Rua das Flores', '123B', ''],
  ['Av. Brasil, 1.500', 'Avenida Brasil', '1500', ''],
  ['Rua das Flores, s/n', 'Rua das Flores', 'S/N', ''],
  ['Rua das Flores S/N', 'Rua das Flores', 'S/N', ''],
  ['Rua das Flores, Sn', 'Rua das Flores', 'S/N', ''],
  ['Rua das Flores, S/Nº', 'Rua das Flores', 'S/N', ''],
  ['Rua das Flores, Sem Número', 'Rua das Flores', 'S/N', ''],
  ['Rodovia BR-116, Km 12', 'Rodovia BR-116', 'Km 12', ''],
  ['Rodovia BR-116 Km 12,5', 'Rodovia BR-116', 'Km 12,5', ''],
  ['Rod. Anhanguera km 104', 'Rodovia Anhanguera', 'Km 104', ''],
  ['Estrada Velha, Km12', 'Estrada Velha', 'Km 12', ''],
  ['Rodovia SP-280 km 20', 'Rodovia SP-280', 'Km 20', ''],
  ['Rua das Flores, ', 'Rua das Flores', '', ''],
  ['Rua das Flores -', 'Rua das Flores', '', ''],
];

const complements: Case[] = [
  ['Rua das Flores, 12 apto 12', 'Rua das Flores', '12', 'Apto 12'],
  ['Rua das Flores, 12 ap 12', 'Rua das Flores', '12', 'Apto 12'],
  ['Rua das Flores, 12 apt. 12', 'Rua das Flores', '12', 'Apto 12'],
  ['Rua das Flores, 12 Apartamento 12', 'Rua das Flores', '12', 'Apto 12'],
  ['Rua das Flores, 12 - Apto 1203', 'Rua das Flores', '12', 'Apto 1203'],
  ['Rua das Flores, 12, Apto. 1203', 'Rua das Flores', '12', 'Apto 1203'],
  ['Rua das Flores, 12 Apto12', 'Rua das Flores', '12', 'Apto 12'],
  ['Rua das Flores, 12 apto 12 bloco B', 'Rua das Flores', '12', 'Apto 12 Bloco B'],
  ['Rua das Flores, 12 - Bloco A Apto 503', 'Rua das Flores', '12', 'Bloco A Apto 503'],
  ['Rua das Flores, 12 bl. B ap 3', 'Rua das Flores', '12', 'Bloco B Apto 3'],
  ['Rua das Flores, 12 Bl.C', 'Rua das Flores', '12', 'Bloco C'],
  ['Rua das Flores, 12 casa 2', 'Rua das Flores', '12', 'Casa 2'],
  ['Rua das Flores 12 cs 2', 'Rua das Flores', '12', 'Casa 2'],
  ['Av. Paulista, 1000, sala 301', 'Avenida Paulista', '1000', 'Sala 301'],
  ['Av. Paulista 1000 sl 301', 'Avenida Paulista', '1000', 'Sala 301'],
  ['Rua Augusta, 500 loja 3', 'Rua Augusta', '500', 'Loja 3'],
  ['Rua Augusta 500 lj 3', 'Rua Augusta', '500', 'Loja 3'],
  ['Av. Paulista, 1000, conjunto 5', 'Avenida Paulista', '1000', 'Conjunto 5'],
  ['Av. Paulista, 1000 cj 52', 'Avenida Paulista', '1000', 'Conjunto 52'],
  ['Av. Paulista, 1000, andar 3', 'Avenida Paulista', '1000', '3º Andar'],
  ['Av. Paulista, 1000, 3º andar', 'Avenida Paulista', '1000', '3º Andar'],
  ['Av. Paulista, 1000 - 12º Andar - Sala 121', 'Avenida Paulista', '1000', '12º Andar Sala 121'],
  ['Rua das Flores, 12 fundos', 'Rua das Flores', '12', 'Fundos'],
  ['Rua das Flores, 12 - Fundos', 'Rua das Flores', '12', 'Fundos'],
  ['Rua das Flores 12 frente', 'Rua das Flores', '12', 'Frente'],
  ['Rua das Flores, 12 Casa 2 Fundos', 'Rua das Flores', '12', 'Casa 2 Fundos'],
  ['Rua 5, Qd 2 Lt 4', 'Rua 5', '', 'Quadra 2 Lote 4'],
  ['Rua 5 Qd 2 Lt 4', 'Rua 5', '', 'Quadra 2 Lote 4'],
  ['Rua das Orquídeas, quadra 2 lote 4', 'Rua das Orquídeas', '', 'Quadra 2 Lote 4'],
  ['Rua das Orquídeas, 10 lote 4 quadra 2', 'Rua das Orquídeas', '10', 'Lote 4 Quadra 2'],
  ['Rua das Orquídeas, 10, lt 4', 'Rua das Orquídeas', '10', 'Lote 4'],
  ['Rua das Flores, Apto 12', 'Rua das Flores', '', 'Apto 12'],
  ['Rua das Flores, 12 Apto nº 4', 'Rua das Flores', '12', 'Apto 4'],
  ['Rua das Flores, 12 Bloco N Apto 3', 'Rua das Flores', '12', 'Bloco N Apto 3'],
  ['Rua das Flores, 12, Edifício Solar, Apto 12', 'Rua das Flores', '12', 'Edifício Solar Apto 12'],
  ['Rua das Flores, S/N, Fundos', 'Rua das Flores', 'S/N', 'Fundos'],
  ['Rodovia BR-116, Km 20, Galpão 3', 'Rodovia BR-116', 'Km 20', 'Galpão 3'],
  ['SQN 308 Bloco C Apto 101', 'SQN 308', '', 'Bloco C Apto 101'],
];

/** Digits that belong to the street's name, and names that only look abbreviated. */
const leftAlone: Case[] = [
  ['Rua 7 de Setembro', 'Rua 7 de Setembro', '', ''],
  ['Rua 25 de Março, 100', 'Rua 25 de Março', '100', ''],
  ['Rua 25 de Março 100', 'Rua 25 de Março', '100', ''],
  ['Avenida 9 de Julho', 'Avenida 9 de Julho', '', ''],
  ['Av. 9 de Julho, 3000', 'Avenida 9 de Julho', '3000', ''],
  ['Rua 1º de Maio, 50', 'Rua 1º de Maio', '50', ''],
  ['Rua Sete', 'Rua Sete', '', ''],
  ['Rua 15', 'Rua 15', '', ''],
  ['Rua 10', 'Rua 10', '', ''],
  ['Rua 10, 45', 'Rua 10', '45', ''],
  ['Rua 10 45', 'Rua 10', '45', ''],
  ['Quadra 5', 'Quadra 5', '', ''],
  ['Travessa 2, 15 Casa 3', 'Travessa 2', '15', 'Casa 3'],
  ['Rua A, 12', 'Rua A', '12', ''],
  ['BR-116', 'BR-116', '', ''],
  ['BR 116', 'BR 116', '', ''],
  ['Rodovia BR-116', 'Rodovia BR-116', '', ''],
  ['Praça XV de Novembro', 'Praça XV de Novembro', '', ''],
  ['Praça XV de Novembro, 20', 'Praça XV de Novembro', '20', ''],
  ['Rua Dom Pedro II, 1080', 'Rua Dom Pedro II', '1080', ''],
  ['Rua Vinte e Cinco de Março, 100', 'Rua Vinte e Cinco de Março', '100', ''],
  ['Rua Casa Branca, 40', 'Rua Casa Branca', '40', ''],
  ['Rua da Frente Ampla', 'Rua da Frente Ampla', '', ''],
  ['Travessa Fundos', 'Travessa Fundos', '', ''],
  ['Rua Sete de Setembro, Centro', 'Rua Sete de Setembro, Centro', '', ''],
  ['Rua Rui Barbosa', 'Rua Rui Barbosa', '', ''],
  ['Rua Ribeiro de Lima, 75', 'Rua Ribeiro de Lima', '75', ''],
  ['Rua Estevão Baião, 11', 'Rua Estevão Baião', '11', ''],
  ['Avenida Rodrigues Alves, 8', 'Avenida Rodrigues Alves', '8', ''],
];

const odd: Case[] = [
  ['', '', '', ''],
  ['   ', '', '', ''],
  [', -', '', '', ''],
  ['S/N', 'S/N', '', ''],
  ['Estrada Monteiro LOBATO,738 - Apto 706', 'Estrada Monteiro Lobato', '738', 'Apto 706'], // the re-casing's glued word
  ['Praça JK,12', 'Praça JK', '12', ''],
  ['Rua  das Flores ,  12', 'Rua  das Flores', '12', ''],
];

describe('standardizeAddress', () => {
  const table = [...streetTypes, ...titles, ...numbers, ...complements, ...leftAlone, ...odd];

  it('has a real table', () => expect(table.length).toBeGreaterThanOrEqual(100));

  it.each(table)('standardizeAddress(%j)', (value, street, number, complement) =>
    expect(standardizeAddress(value)).toEqual({ street, number, complement }));

  it('never throws and never leaves a separator at either end of the street, on scrambled addresses', () => {
    const pieces = ['R.', 'Av', 'Dr.', 'da', ',', ' ', '-', '/', '.', 'Nº', 'n.', '12', '1.500', 'S/N', 'sem', 'Km', '12,5', 'apto', 'Bl.', 'B', '3º', 'andar', 'Qd', 'Fundos', 'İ', '\u00a0', 'BR-116', 'N.', 'Sra.'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % pieces.length;
    for (let n = 0; n < 5000; n++) {
      let value = '';
      for (let k = next() % 9; k >= 0; k--) value += pieces[next()] + (next() % 3 === 0 ? '' : ' ');
      const { street } = standardizeAddress(value);
      expect(street).not.toMatch(/^[\s,;-]|[\s,;-]$/);
    }
  });

  it.each(table.filter(([, street]) => street !== ''))('leaves the standard street of %j as it is', (value) => {
    const { street } = standardizeAddress(value);
    expect(standardizeAddress(street).street).toBe(street);
  });
});
