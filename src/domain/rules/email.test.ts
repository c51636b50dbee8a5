import { describe, expect, it } from 'vitest';
import { sanitizeEmail } from './email.js';
import { applyRule } from './rule.js';

const context = { today: '2026-11-27' };
const fix = (value: string) => ({ status: 'corrected', value });
const syntax = { status: 'invalid', code: 'EMAIL_SYNTAX' };

describe('sanitizeEmail', () => {
  it.each([
    ['maria@gmail.com', { status: 'valid', value: 'maria@gmail.com' }],
    ['joao.silva+loja@empresa.com.br', { status: 'valid', value: 'joao.silva+loja@empresa.com.br' }],
    ["o'neil_2@sub-dominio.example.org", { status: 'valid', value: "o'neil_2@sub-dominio.example.org" }],
    ['maria@gmail.com.br', { status: 'valid', value: 'maria@gmail.com.br' }],
    ['maria@hotmail.com.br', { status: 'valid', value: 'maria@hotmail.com.br' }],
    ['Maria@gmail.com', fix('maria@gmail.com')],
    ['MARIA.SOUZA@HOTMAIL.COM', fix('maria.souza@hotmail.com')],
    [' maria@gmail.com\u00a0', fix('maria@gmail.com')],
    ['Maria.Souza@Gmial.com', fix('maria.souza@gmail.com')],
    ['', { status: 'empty', value: '' }],
    ['maria.gmail.com', { ...syntax, detail: 'no @' }],
    ['maria@', { ...syntax, detail: 'nothing after the @' }],
    ['@gmail.com', { ...syntax, detail: 'nothing before the @' }],
    ['maria@gmail', { ...syntax, detail: 'domain without a top-level domain' }],
    ['maria..souza@gmail.com', { ...syntax, detail: 'two dots in a row' }],
    ['maria.@gmail.com', { ...syntax, detail: 'dot at the start or end of the name before the @' }],
    ['.maria@gmail.com', syntax],
    ['maria@gmail,com', { ...syntax, detail: 'comma in the address' }],
    ['maria@gmail.com.', syntax],
    ['maria@.gmail.com', syntax],
    ['maria@-gmail.com', syntax],
    ['maria@gmail.c0m', syntax],
    ['maria@empresa.c', { ...syntax, detail: 'top-level domain is not 2+ letters' }],
    ['ma ria@gmail.com', { ...syntax, detail: 'space in the address' }],
    ['maria@joao@gmail.com', { ...syntax, detail: 'more than one @' }],
    ['joão@gmail.com', { ...syntax, detail: 'characters not allowed in an e-mail address' }],
    ['não tem', syntax],
    ['NAO POSSUI', syntax],
    ['xxx@xxx', syntax],
    ['0', syntax],
    [`${'a'.repeat(65)}@gmail.com`, syntax],
  ])('%j → %j', (raw, want) => expect(applyRule(sanitizeEmail, raw, context)).toMatchObject(want));

  it.each([
    ['gmail.com', ['gmial.com', 'gmai.com', 'gmal.com', 'gamil.com', 'gmail.con', 'gmaill.com']],
    ['hotmail.com', ['hotmal.com', 'hotmial.com', 'hotmai.com', 'hotmail.con', 'hotmil.com']],
    ['yahoo.com.br', ['yaho.com.br', 'yahoo.com.b', 'yahooo.com.br', 'yahoo.con.br']],
    ['outlook.com', ['outlok.com', 'outlook.con', 'outllook.com']],
    ['icloud.com', ['iclod.com', 'icloud.con']],
    ['uol.com.br', ['uol.con.br', 'uol.com.b']],
    ['bol.com.br', ['bol.con.br', 'bol.com.b']],
    ['terra.com.br', ['terra.con.br', 'terra.com.b']],
    ['live.com', ['live.con']],
    ['hotmail.com.br', ['hotmal.com.br', 'hotmail.con.br']],
  ])('corrects misspellings of %s', (domain, typos) => {
    for (const typo of typos) {
      expect(applyRule(sanitizeEmail, `ana.lima@${typo}`, context)).toEqual(fix(`ana.lima@${domain}`));
    }
  });
});
