import { describe, expect, it } from 'vitest';
import { pairAreaCodes } from './area-code-pairing.js';
import { planColumns } from './column-plan.js';
import { fieldTypeOfHeader, readAreaCodeHeader } from './header-synonyms.js';

const context = { today: '2026-11-27' };

describe('readAreaCodeHeader', () => {
  it.each([
    ['DDD', {}],
    ['ddd', {}],
    ['Cód. Área', {}],
    ['cod_area', {}],
    ['Código Área', {}],
    ['Código de Área', {}],
    ['Prefixo', {}],
    ['Area code', {}],
    ['DDD Telefone', { names: 'telefone' }],
    ['DDD_Celular', { names: 'celular' }],
    ['DDD Fax', { names: 'fax' }],
    ['DDD do Celular', { names: 'celular' }],
    ['DDD Residencial', { names: 'residencial' }],
    ['DDD 1', { names: '1' }],
    ['DDD1', { names: '1' }],
    ['DDD Telefone 3', { names: 'telefone 3' }],
    ['Prefixo Telefone', { names: 'telefone' }],
    ['Celular DDD', { names: 'celular' }],
  ])('%j is an area-code header naming %j', (header, want) => expect(readAreaCodeHeader(header)).toEqual(want));

  it.each(['Prefixo da nota', 'DDD Nome', 'Código', 'Telefone', 'Endereço DDD', 'dddd'])('%j is not', (header) =>
    expect(readAreaCodeHeader(header)).toBeUndefined(),
  );

  it('makes the header an area_code column, without taking known headers', () => {
    expect(fieldTypeOfHeader('DDD Celular')).toBe('area_code');
    expect(fieldTypeOfHeader('Fax')).toBe('phone');
    expect(fieldTypeOfHeader('Cód. Postal')).toBe('cep');
  });
});

/** `planColumns` on a header alone: name → the header of its area-code column, for every phone. */
function pairsOf(header: string[]): Record<string, string | undefined> {
  const plans = planColumns(header, [], { overrides: {}, sniff: false, context });
  return Object.fromEntries(
    plans.filter((p) => p.type === 'phone').map((p) => [p.header, p.areaCodeColumn === undefined ? undefined : header[p.areaCodeColumn]]),
  );
}

describe('pairing area-code columns with phones by header', () => {
  it.each([
    ['the ANS export: one DDD for the phone and fax after it', ['Registro ANS', 'CNPJ', 'DDD', 'Telefone', 'Fax'], { Telefone: 'DDD', Fax: 'DDD' }],
    ['a DDD for each', ['DDD', 'Telefone', 'DDD Fax', 'Fax'], { Telefone: 'DDD', Fax: 'DDD Fax' }],
    ['named DDDs anywhere', ['DDD Celular', 'DDD Telefone', 'Nome', 'Telefone', 'Celular'], { Telefone: 'DDD Telefone', Celular: 'DDD Celular' }],
    ['a named DDD before its phone', ['Celular', 'Nome', 'DDD Celular'], { Celular: 'DDD Celular' }],
    ['numbered DDDs', ['DDD 1', 'DDD 2', 'Telefone 1', 'Telefone 2'], { 'Telefone 1': 'DDD 1', 'Telefone 2': 'DDD 2' }],
    ['compact numbered headers', ['ddd1', 'telefone1', 'ddd2', 'telefone2'], { telefone1: 'ddd1', telefone2: 'ddd2' }],
    ['cod_area', ['cod_area', 'telefone', 'email'], { telefone: 'cod_area' }],
    ['prefixo', ['Prefixo', 'Fone'], { Fone: 'Prefixo' }],
    ['a named DDD whose phone has another name: the next column', ['DDD Cel', 'Cel'], { Cel: 'DDD Cel' }],
    ['a bare DDD stops at the first column that is not a phone', ['DDD', 'Telefone', 'Nome', 'Celular'], { Telefone: 'DDD', Celular: undefined }],
    ['a bare DDD after its phone pairs nothing', ['Telefone', 'DDD'], { Telefone: undefined }],
    ['a phone with no DDD column', ['Nome', 'Telefone'], { Telefone: undefined }],
    ['a named DDD does not take a phone another DDD names', ['DDD', 'Telefone', 'DDD Fax', 'Fax', 'Celular'], { Telefone: 'DDD', Fax: 'DDD Fax', Celular: undefined }],
  ])('%s', (_what, header, want) => expect(pairsOf(header)).toEqual(want));

  it.each([
    ['a bare Prefixo before a phone is its DDD', ['Prefixo', 'Fone'], ['area_code', 'phone']],
    ['a bare Prefixo before no phone is something else (a vehicle, an invoice series)', ['Prefixo', 'Nome', 'Telefone'], ['passthrough', 'name', 'phone']],
    ['a Prefixo that names its phone stays a DDD', ['Prefixo Celular', 'Nome', 'Celular'], ['area_code', 'name', 'phone']],
    ['a DDD column keeps its type with no phone after it', ['DDD', 'Nome'], ['area_code', 'name']],
  ])('%s', (_what, header, types) => {
    expect(planColumns(header, [], { overrides: {}, sniff: false, context }).map((p) => p.type)).toEqual(types);
  });

  it('a layout can still make a lone Prefixo an area code', () => {
    const plans = planColumns(['Prefixo', 'Nome'], [], { overrides: { Prefixo: 'area_code' }, sniff: false, context });
    expect(plans[0]!.type).toBe('area_code');
  });

  it('pairs only area_code columns: a layout can switch the detection off', () => {
    const plans = planColumns(['DDD', 'Telefone'], [], { overrides: { DDD: 'passthrough' }, sniff: false, context });
    expect(plans.map((p) => [p.type, p.areaCodeColumn])).toEqual([['passthrough', undefined], ['phone', undefined]]);
  });
});

describe('pairing set by the layout', () => {
  it('types the named column area_code and pairs it, wherever it is', () => {
    const plans = planColumns(['Fone', 'Nome', 'Cod'], [], {
      overrides: { fone: { type: 'phone', areaCode: 'COD' } },
      sniff: false,
      context,
    });
    expect(plans.map((p) => [p.header, p.type, p.mappedBy, p.areaCodeColumn])).toEqual([
      ['Fone', 'phone', 'layout', 2],
      ['Nome', 'name', 'header', undefined],
      ['Cod', 'area_code', 'layout', undefined],
    ]);
  });

  it('wins over the header pairing, and leaves the rest to it', () => {
    const plans = planColumns(['DDD', 'Telefone', 'DDD Comercial', 'Celular'], [], {
      overrides: { Celular: { type: 'phone', areaCode: 'DDD' } },
      sniff: false,
      context,
    });
    expect(plans.map((p) => p.areaCodeColumn)).toEqual([undefined, 0, undefined, 0]);
  });

  it('falls back to the headers when the named column is not in the file', () => {
    const plans = planColumns(['DDD', 'Telefone'], [], {
      overrides: { Telefone: { type: 'phone', areaCode: 'Cod' } },
      sniff: false,
      context,
    });
    expect(plans.map((p) => p.areaCodeColumn)).toEqual([undefined, 0]);
  });
});

describe('pairAreaCodes', () => {
  it('ignores explicit pairs that are not phone → area_code', () => {
    const columns = [
      { index: 0, header: 'Cod', type: 'text' as const },
      { index: 1, header: 'Fone', type: 'phone' as const },
    ];
    expect(pairAreaCodes(columns, new Map([[1, 0]]))).toEqual(new Map());
  });
});
