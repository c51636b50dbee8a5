import { describe, expect, it } from 'vitest';
import { maskValue } from './mask.js';

describe('maskValue', () => {
  it.each([
    ['cpf', '123.456.789-09', '123.***.***-09'],
    ['cnpj', '12.ABC.345/01DE-35', '12.A**.***/****-35'],
    ['document', '11222333000181', '112*********81'],
    ['phone', '+5511987654321', '+55119****4321'],
    ['phone', '1234', '1234'],
    ['email', 'maria.silva@gmail.com', 'm***@gmail.com'],
    ['email', 'semarroba', 's***'],
    ['name', 'Maria da Silva', 'Maria da Silva'],
  ] as const)('%s %j', (type, value, want) => expect(maskValue(type, value)).toBe(want));
});
