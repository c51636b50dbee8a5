import type { ColumnPlan } from '../domain/columns/column-plan.js';
import type { FieldType } from '../domain/columns/field-type.js';
import { uniqueNames } from '../domain/columns/unique-names.js';
import { maskValue } from '../domain/mask.js';
import type { CleanRow, DuplicateRow, EnrichedRow, RejectionCode } from '../domain/row.js';
import type { FieldStatus, IssueCode } from '../domain/rules/rule.js';
import type { ReferenceSource } from '../ports/reference-store.js';
import type { QualityGatesSummary } from '../quality/quality-gates.js';
import type { EnrichmentCounts } from './stages/enrich-rows.js';
import type { ReadingNote } from './reading-notes.js';
import type { InputInfo } from './stages/read-input.js';

export interface FieldSummary {
  type: FieldType;
  mappedBy: ColumnPlan['mappedBy'];
  valid: number;
  corrected: number;
  invalid: number;
  empty: number;
  reasons: Partial<Record<IssueCode, number>>;
  /** A few masked examples: what was fixed, and what could not be. */
  examples: { corrected: { before: string; after: string }[]; invalid: { value: string; code: IssueCode }[] };
}

export interface RunSummary {
  input: InputInfo & { rows: number; columns: number; windows1252Lines: number };
  /** How the file was read, and warnings that the result is probably a reading problem. */
  readingNotes: ReadingNote[];
  rows: { kept: number; duplicates: number; rejected: number };
  /** input.rows === kept + duplicates + rejected; a false here is a bug, and the job fails. */
  reconciled: boolean;
  fields: Record<string, FieldSummary>;
  rejections: Partial<Record<RejectionCode, number>>;
  /** The first rejected rows: input line and reasons (no values: they may be personal data). */
  rejectionExamples: { line: number; codes: RejectionCode[] }[];
  duplicates: { byKey: Record<string, number>; examples: { line: number; keptLine: number; key: string }[] };
  enrichment: Partial<Record<ReferenceSource, EnrichmentCounts>>;
  /** Whether the registry's holder of each kept row's CPF / CNPJ is the row's person or company (only with that reference). */
  holderCheck?: { cpf: HolderCounts; cnpj: HolderCounts; irregular: { cpf: Record<string, number>; cnpj: Record<string, number> } };
  /** Fuzzy matching after the exact keys: rows merged as duplicates, pairs left for review. */
  fuzzy?: { merged: number; review: number };
  /** The layout's quality gates as measured on this run (absent when the layout sets none). */
  qualityGates?: QualityGatesSummary;
  distributions: { uf: Record<string, number>; phoneTypes: Record<string, number>; emailDomains: Record<string, number> };
  outputs: string[];
  lang: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

export type HolderCheckVerdict = 'sim' | 'parcial' | 'nao' | 'sem_referencia';
export type HolderCounts = Record<HolderCheckVerdict, number>;

/** The part of the summary that pass 1 counts. */
export interface InputCounts {
  inputRows: number;
  fields: Record<string, FieldSummary>;
  rejections: Partial<Record<RejectionCode, number>>;
  rejectionExamples: RunSummary['rejectionExamples'];
}

/** The part of the summary that pass 2 counts (kept and duplicate rows). */
export interface OutputCounts {
  rows: { kept: number; duplicates: number; rejected: number };
  /** Rows rejected in pass 2, by code. */
  rejections: Partial<Record<RejectionCode, number>>;
  duplicates: RunSummary['duplicates'];
  uf: Record<string, number>;
  phoneTypes: Record<string, number>;
  /** Every domain in the order first seen, uncapped: the cap is applied when the counts are added. */
  emailDomains: [string, number][];
  holderCheck: HolderCheckSummary;
}

export type HolderCheckSummary = NonNullable<RunSummary['holderCheck']>;

const noVerdicts = (): HolderCounts => ({ sim: 0, parcial: 0, nao: 0, sem_referencia: 0 });
export const emptyHolderCheck = (): HolderCheckSummary => ({ cpf: noVerdicts(), cnpj: noVerdicts(), irregular: { cpf: {}, cnpj: {} } });

const EXAMPLES = 5;
const MAX_DOMAINS = 1000;

/** Counts while rows stream by; only counters and a handful of masked examples are kept. */
export class SummaryCollector {
  readonly fields: Record<string, FieldSummary> = {};
  readonly rows = { kept: 0, duplicates: 0, rejected: 0 };
  readonly rejections: Partial<Record<RejectionCode, number>> = {};
  readonly rejectionExamples: RunSummary['rejectionExamples'] = [];
  readonly duplicates: RunSummary['duplicates'] = { byKey: {}, examples: [] };
  readonly distributions: RunSummary['distributions'] = { uf: {}, phoneTypes: {}, emailDomains: {} };
  readonly holderCheck: HolderCheckSummary = emptyHolderCheck();
  inputRows = 0;
  private readonly keys: string[];
  private distinctDomains = 0;
  /** The columns whose values feed the distributions. */
  private readonly distributed: readonly ColumnPlan[];

  constructor(private readonly columns: readonly ColumnPlan[]) {
    this.keys = uniqueNames(columns.map((c) => c.header));
    this.distributed = columns.filter((c) => c.type === 'uf' || c.type === 'phone' || c.type === 'email');
    columns.forEach((c, i) => {
      if (c.rule === undefined) return;
      this.fields[this.keys[i]!] = {
        type: c.type,
        mappedBy: c.mappedBy,
        valid: 0,
        corrected: 0,
        invalid: 0,
        empty: 0,
        reasons: {},
        examples: { corrected: [], invalid: [] },
      };
    });
  }

  /** Every sanitized row, whatever becomes of it. */
  countInput(row: CleanRow): void {
    this.inputRows++;
    for (const r of row.rejections) this.rejections[r.code] = (this.rejections[r.code] ?? 0) + 1;
    if (row.rejections.length > 0 && this.rejectionExamples.length < EXAMPLES) {
      this.rejectionExamples.push({ line: row.line, codes: [...new Set(row.rejections.map((r) => r.code))] });
    }
    if (row.statuses.length === 0) return; // ragged: no field was read
    this.columns.forEach((column, i) => {
      const status = row.statuses[i];
      if (status === undefined) return;
      const field = this.fields[this.keys[i]!]!;
      field[status satisfies FieldStatus]++;
      // A fix of spaces only would show as "X → X": the examples show what people can see.
      if (status === 'corrected' && field.examples.corrected.length < EXAMPLES && !sameButSpaces(row.raw[i]!, row.values[i]!)) {
        field.examples.corrected.push({ before: maskValue(column.type, row.raw[i]!), after: maskValue(column.type, row.values[i]!) });
      }
    });
    for (const issue of row.issues) {
      const field = this.fields[this.keys[issue.column]!]!;
      field.reasons[issue.code] = (field.reasons[issue.code] ?? 0) + 1;
      if (field.examples.invalid.length < EXAMPLES) {
        field.examples.invalid.push({ value: maskValue(field.type, row.values[issue.column]!), code: issue.code });
      }
    }
  }

  /** What countInput gathered, as plain data: a worker thread's share of the counting. */
  inputCounts(): InputCounts {
    return { inputRows: this.inputRows, fields: this.fields, rejections: this.rejections, rejectionExamples: this.rejectionExamples };
  }

  /** Adds counts gathered elsewhere (in order, so the examples are the first ones). */
  addInputCounts(counts: InputCounts): void {
    this.inputRows += counts.inputRows;
    this.rejectionExamples.push(...counts.rejectionExamples.slice(0, EXAMPLES - this.rejectionExamples.length));
    for (const [code, n] of Object.entries(counts.rejections)) {
      this.rejections[code as RejectionCode] = (this.rejections[code as RejectionCode] ?? 0) + n;
    }
    for (const [name, theirs] of Object.entries(counts.fields)) {
      const ours = this.fields[name]!;
      ours.valid += theirs.valid;
      ours.corrected += theirs.corrected;
      ours.invalid += theirs.invalid;
      ours.empty += theirs.empty;
      for (const [code, n] of Object.entries(theirs.reasons)) {
        ours.reasons[code as IssueCode] = (ours.reasons[code as IssueCode] ?? 0) + n;
      }
      ours.examples.corrected.push(...theirs.examples.corrected.slice(0, EXAMPLES - ours.examples.corrected.length));
      ours.examples.invalid.push(...theirs.examples.invalid.slice(0, EXAMPLES - ours.examples.invalid.length));
    }
  }

  countRejected(row?: CleanRow): void {
    this.rows.rejected++;
    for (const r of row?.rejections ?? []) bump(this.rejections, r.code);
  }

  countDuplicate({ row, keptLine, fuzzy }: DuplicateRow): void {
    this.rows.duplicates++;
    const kind = fuzzy ? 'fuzzy' : (row.dedupeKey?.slice(0, row.dedupeKey.indexOf(':')) ?? '');
    this.duplicates.byKey[kind] = (this.duplicates.byKey[kind] ?? 0) + 1;
    if (this.duplicates.examples.length < EXAMPLES) {
      this.duplicates.examples.push({ line: row.line, keptLine, key: kind });
    }
  }

  /** What countKept and countDuplicate gathered, as plain data (from a collector made `forShare`). */
  outputCounts(): OutputCounts {
    const { uf, phoneTypes } = this.distributions;
    return {
      rows: { kept: this.rows.kept, duplicates: this.rows.duplicates, rejected: this.rows.rejected },
      rejections: this.rejections,
      duplicates: this.duplicates,
      uf,
      phoneTypes,
      emailDomains: [...(this.uncappedDomains ?? [])],
      holderCheck: this.holderCheck,
    };
  }

  /**
   * Adds pass-2 counts gathered elsewhere, in file order, to the same result as counting the
   * rows here: examples are the first ones, and a domain beyond the cap goes to "(outros)"
   * exactly when it would have (domains of a share come in the order they were first seen).
   */
  addOutputCounts(counts: OutputCounts): void {
    this.rows.kept += counts.rows.kept;
    this.rows.rejected += counts.rows.rejected;
    for (const [code, n] of Object.entries(counts.rejections)) bump(this.rejections, code, n);
    this.rows.duplicates += counts.rows.duplicates;
    for (const [kind, n] of Object.entries(counts.duplicates.byKey)) this.duplicates.byKey[kind] = (this.duplicates.byKey[kind] ?? 0) + n;
    this.duplicates.examples.push(...counts.duplicates.examples.slice(0, EXAMPLES - this.duplicates.examples.length));
    for (const [uf, n] of Object.entries(counts.uf)) bump(this.distributions.uf, uf, n);
    for (const [type, n] of Object.entries(counts.phoneTypes)) bump(this.distributions.phoneTypes, type, n);
    for (const [domain, n] of counts.emailDomains) this.countDomain(domain, n);
    for (const kind of ['cpf', 'cnpj'] as const) {
      for (const [verdict, n] of Object.entries(counts.holderCheck[kind]) as [HolderCheckVerdict, number][]) this.holderCheck[kind][verdict] += n;
      for (const [status, n] of Object.entries(counts.holderCheck.irregular[kind])) bump(this.holderCheck.irregular[kind], status, n);
    }
  }

  /** A collector whose counts are a share of a file's, to be added to the whole with addOutputCounts. */
  static forShare(columns: readonly ColumnPlan[]): SummaryCollector {
    const collector = new SummaryCollector(columns);
    collector.uncappedDomains = new Map();
    return collector;
  }

  private uncappedDomains: Map<string, number> | undefined;

  private countDomain(domain: string, n: number): void {
    if (this.uncappedDomains) {
      this.uncappedDomains.set(domain, (this.uncappedDomains.get(domain) ?? 0) + n);
      return;
    }
    const domains = this.distributions.emailDomains;
    if (!(domain in domains) && this.distinctDomains >= MAX_DOMAINS) {
      bump(domains, '(outros)', n);
    } else {
      if (!(domain in domains)) this.distinctDomains++;
      bump(domains, domain, n);
    }
  }

  countKept(row: EnrichedRow): void {
    this.rows.kept++;
    for (const holder of row.holders ?? []) {
      if (!holder) continue;
      this.holderCheck[holder.kind][holder.verdict]++;
      if (holder.irregular) bump(this.holderCheck.irregular[holder.kind], holder.irregular);
    }
    for (const column of this.distributed) {
      const i = column.index;
      const status = row.statuses[i];
      if (status !== 'valid' && status !== 'corrected' && !row.filledColumns.includes(i)) continue;
      const value = row.values[i]!;
      if (column.type === 'uf') bump(this.distributions.uf, value);
      else if (column.type === 'phone' && row.infos[i]) bump(this.distributions.phoneTypes, row.infos[i]!);
      else if (column.type === 'email') this.countDomain(value.slice(value.lastIndexOf('@') + 1), 1);
    }
  }
}

function bump(counts: Record<string, number>, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

function sameButSpaces(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}
