import { describe, expect, it } from 'vitest';
import { sniffColumn } from './sniff-column.js';

const context = { today: '2026-11-27' };

describe('sniffColumn', () => {
  it.each([
    ['CPFs', ['529.982.247-25', '11144477735', '', '390.533.447-05'], 'cpf'],
    ['CNPJs', ['11.222.333/0001-81', '11444777000161', '12.ABC.345/01DE-35'], 'cnpj'],
    ['a CPF/CNPJ mix', ['529.982.247-25', '11.222.333/0001-81', '11444777000161', '12.ABC.345/01DE-35'], 'document'],
    ['e-mails', ['a@b.com', 'X@Y.COM.BR', 'joao@gmial.com'], 'email'],
    ['formatted CEPs', ['01310-100', '20040-020', '30130010'], 'cep'],
    ['phones', ['(11) 98765-4321', '21 3456-7890', '+55 31 99876-5432'], 'phone'],
    ['dates', ['01/02/1990', '1985-03-12', '31.12.1970'], 'date'],
    ['one birth date repeated (its digits also pad to a valid CNPJ)', ['01/02/1990', '01/02/1990', '01/02/1990'], 'date'],
    ['UF codes with a state name among them', ['SP', 'rj', ' MG ', 'Bahia'], 'uf'],
    ['CPFs that lost leading zeros in Excel', ['12345678909', '529.982.247-25', '390.533.447-05'], 'cpf'],
  ])('recognizes %s', (_what, values, want) => expect(sniffColumn(values, context)).toBe(want));

  it.each([
    ['8-digit codes that merely could be CEPs', ['12345678', '23456789', '34567890']],
    ['5-digit codes that merely could be Excel dates', ['32874', '40000', '41234']],
    ['free text', ['Maria', 'João', 'Ana']],
    ['too few values', ['a@b.com', '', '']],
    ['mostly invalid e-mails', ['a@b.com', 'nope', 'nada', 'x']],
    ['a city column that happens to hold a state name', ['SAO PAULO', 'SAO PAULO', 'São Paulo']],
  ])('leaves %s alone', (_what, values) => expect(sniffColumn(values, context)).toBeUndefined());
});
