import { describe, expect, it } from 'vitest';
import { maskValue } from './mask.js';

describe('maskValue', () => {
  it.each([
    ['cpf', '123.456.789-09', '123.***.***-09'],
    ['cnpj', '12.ABC.345/01DE-35', '12.A**.***/****-35'],
    ['document', '11222333000181', '112*********81'],
    ['phone', '+5511987654321', '+5511*****4321'],
    ['phone', '(11) 98765-4321', '(11) *****-4321'],
    ['phone', '1198765432', '11****5432'],
    ['phone', '994785549', '*****5549'],
    ['phone', '4032-5843', '****-5843'],
    ['phone', '57021996', '****1996'],
    ['phone', '1234', '****'],
    ['phone', 'maria@gmail.com', 'm***@gmail.com'],
    ['text', 'ligar 11 98765-4321 ou maria.silva@gmail.com', 'ligar ** *****-**21 ou m***@gmail.com'],
    ['text', 'CPF 123.456.789-09 confirmado', 'CPF ***.***.***-09 confirmado'],
    ['text', 'pagar até 12/03, 2 parcelas', 'pagar até 12/03, 2 parcelas'],
    ['address', 'Rua A, 1234 apto 56', 'Rua A, 1234 apto 56'],
    ['email', 'maria.silva@gmail.com', 'm***@gmail.com'],
    ['email', 'semarroba', 's***'],
    ['name', 'Maria da Silva', 'Maria da Silva'],
  ] as const)('%s %j', (type, value, want) => expect(maskValue(type, value)).toBe(want));
});
