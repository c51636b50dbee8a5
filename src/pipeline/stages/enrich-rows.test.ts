import { describe, expect, it } from 'vitest';
import { planColumns } from '../../domain/columns/column-plan.js';
import type { EnrichedRow } from '../../domain/row.js';
import type { ReferenceRecord, ReferenceSource, ReferenceStore } from '../../ports/reference-store.js';
import { batchEnricher, type EnrichmentCounts } from './enrich-rows.js';
import { planEnrichment } from './enrichment-plan.js';
import { rowSanitizer } from './sanitize-rows.js';

const today = '2026-11-27';
const header = ['Nome', 'CPF', 'E-mail', 'Celular', 'CEP', 'Cidade', 'UF'];
const columns = planColumns(header, [], { overrides: {}, sniff: false, context: { today } });
const sanitize = rowSanitizer({ columns, dedupeKeys: ['cpf'], today });

/** A store that records its calls: the stage must make one per source per batch. */
class RecordingStore implements ReferenceStore {
  readonly calls: { source: ReferenceSource; keys: readonly string[] }[] = [];
  constructor(private readonly data: Record<ReferenceSource, Record<string, ReferenceRecord>>) {}
  async findByKeys(source: ReferenceSource, keys: readonly string[]) {
    this.calls.push({ source, keys });
    return new Map(keys.flatMap((k) => (this.data[source][k] ? [[k, this.data[source][k]] as const] : [])));
  }
  async close() {}
}

const store = () =>
  new RecordingStore({
    pessoas: { '52998224725': { cpf: '52998224725', nome: 'Maria', email: 'MARIA@GMAIL.COM', telefone: '+5511987654321', situacao_cadastral: 'REGULAR' } },
    empresas: {},
    ceps: { '01310100': { cep: '01310100', logradouro: 'Avenida Paulista', bairro: 'Bela Vista', cidade: 'São Paulo', uf: 'SP', ibge: '3550308' } },
  });

async function enrich(s: ReferenceStore, rows: string[][], batchSize = 100) {
  const counts = new Map<ReferenceSource, EnrichmentCounts>();
  const plans = planEnrichment(columns, ['pessoas', 'empresas', 'ceps']);
  const enrich = batchEnricher(s, plans, { fillEmpty: true, today }, counts);
  const clean = rows.map((cells, i) => sanitize({ line: i + 2, cells }));
  const out: EnrichedRow[] = [];
  for (let start = 0; start < clean.length; start += batchSize) out.push(...(await enrich(clean.slice(start, start + batchSize))));
  return { out, counts, plans };
}

describe('batchEnricher', () => {
  it('fills empty cells through the column rule and adds the _ref columns', async () => {
    const { out, plans } = await enrich(store(), [['Maria', '529.982.247-25', '', '', '01310-100', '', '']]);
    const [row] = out;
    expect(plans.map((p) => p.source)).toEqual(['pessoas', 'ceps']); // no CNPJ column, no empresas
    expect(row!.values).toEqual(['Maria', '529.982.247-25', 'maria@gmail.com', '+5511987654321', '01310-100', 'São Paulo', 'SP']);
    expect(row!.filledColumns).toEqual([2, 3, 5, 6]);
    expect(row!.infos[3]).toBe('celular');
    expect(row!.references).toEqual(['REGULAR', 'Avenida Paulista', 'Bela Vista', 'São Paulo', 'SP', '3550308']);
  });

  it('never overwrites a value the row already has', async () => {
    const { out } = await enrich(store(), [['Maria', '52998224725', 'outra@x.com', '', '01310-100', 'Campinas', 'SP']]);
    expect(out[0]!.values[2]).toBe('outra@x.com');
    expect(out[0]!.values[5]).toBe('Campinas');
  });

  it('asks the store once per source per batch, with distinct keys', async () => {
    const s = store();
    const rows = Array.from({ length: 5 }, () => ['Maria', '52998224725', '', '', '01310100', '', '']);
    const { counts } = await enrich(s, [...rows, ['Zé', '111.444.777-35', '', '', '', '', '']], 4);
    expect(s.calls.map((c) => [c.source, c.keys.length])).toEqual([
      ['pessoas', 1],
      ['ceps', 1],
      ['pessoas', 2],
      ['ceps', 1],
    ]);
    expect(counts.get('pessoas')).toEqual({ lookups: 6, hits: 5, filled: 10 });
    expect(counts.get('ceps')).toMatchObject({ lookups: 5, hits: 5 });
  });
});
