import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FIELD_TYPES } from '../domain/columns/field-type.js';
import { normalizeHeader } from '../domain/columns/header-synonyms.js';
import { FUZZY_MERGE_THRESHOLD, FUZZY_REVIEW_THRESHOLD } from '../domain/fuzzy/pair-score.js';
import { ConfigError } from '../errors.js';
import { qualityGatesSchema } from '../quality/quality-gates.js';

/**
 * A layout file (JSON or YAML) overrides what Higia would infer about one kind of input:
 * how to read it, what each column is, how to dedupe and enrich, and how to write outputs.
 * Every part is optional; unknown keys are errors so a typo never silently does nothing.
 */
const columnSchema = z.union([
  z.enum(FIELD_TYPES),
  z
    .strictObject({
      type: z.enum(FIELD_TYPES),
      /** A row whose value here is empty or invalid goes to the rejected rows. */
      required: z.boolean().default(false),
      /**
       * Phone columns only: the header of the column that holds their DDD (`Cod;Fone`). That
       * column becomes `area_code`; numbers written without a DDD take the row's one from it.
       */
      areaCode: z.string().min(1).optional(),
    })
    .refine((c) => c.areaCode === undefined || c.type === 'phone', {
      message: 'areaCode is only for phone columns',
      path: ['areaCode'],
    }),
]);

type ColumnEntry = z.infer<typeof columnSchema>;

/** A phone's `areaCode` must name a column the layout does not type as something else. */
function checkAreaCodeColumns(columns: Record<string, ColumnEntry>, ctx: z.RefinementCtx): void {
  const typeOf = new Map(Object.entries(columns).map(([name, c]) => [normalizeHeader(name), typeof c === 'string' ? c : c.type]));
  for (const [name, column] of Object.entries(columns)) {
    if (typeof column === 'string' || column.areaCode === undefined) continue;
    const target = normalizeHeader(column.areaCode);
    const targetType = typeOf.get(target);
    if (target === normalizeHeader(name)) {
      ctx.addIssue({ code: 'custom', path: [name, 'areaCode'], message: 'a phone column cannot be its own area-code column' });
    } else if (targetType !== undefined && targetType !== 'area_code') {
      ctx.addIssue({
        code: 'custom',
        path: [name, 'areaCode'],
        message: `${JSON.stringify(column.areaCode)} is typed ${targetType} in this layout, an area-code column must be area_code`,
      });
    }
  }
}

/**
 * `email` alone over-matches (families and couples share one address: measured 2 false
 * duplicates per 20k generated rows), so the default pairs it with the name.
 */
export const DEDUPE_KEYS = ['cpf', 'cnpj', 'email', 'email_name', 'phone_name'] as const;
export type DedupeKey = (typeof DEDUPE_KEYS)[number];

const FUZZY_DEFAULTS = { enabled: true, mergeThreshold: FUZZY_MERGE_THRESHOLD, reviewThreshold: FUZZY_REVIEW_THRESHOLD, maxBlockRows: 50 };

/** Fuzzy duplicates (after the exact keys): pairs scoring from `reviewThreshold` go to review, from `mergeThreshold` are merged. */
const fuzzySchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    mergeThreshold: z.number().min(0).max(1).default(FUZZY_MERGE_THRESHOLD),
    reviewThreshold: z.number().min(0).max(1).default(FUZZY_REVIEW_THRESHOLD),
    /** Rows sharing one block key (a phone, an e-mail…) beyond which the block is not compared. */
    maxBlockRows: z.number().int().min(2).max(1000).default(50),
  })
  .refine((f) => f.reviewThreshold <= f.mergeThreshold, { message: 'reviewThreshold must not be above mergeThreshold', path: ['reviewThreshold'] });

export const layoutSchema = z.strictObject({
  input: z
    .strictObject({
      delimiter: z.enum([';', ',', '\t', '|']).optional(),
      encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
      sheet: z.string().min(1).optional(),
      /** Line (CSV) or row (sheet) of the header, when the detection above a portal's title lines gets it wrong. */
      headerRow: z.number().int().min(1).optional(),
      /** Characters one CSV record may have (16 MiB by default); a longer one stops the job as RECORD_TOO_LONG. */
      maxRecordChars: z.number().int().min(1024).optional(),
    })
    .default({}),
  /** Keyed by the header text as it appears in the file. */
  columns: z.record(z.string(), columnSchema).superRefine(checkAreaCodeColumns).default({}),
  /** Also sniff content of columns whose header is unknown. */
  sniff: z.boolean().default(true),
  dedupe: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Strongest first: a row is matched on the first key it has. */
      keys: z.array(z.enum(DEDUPE_KEYS)).min(1).default(['cpf', 'cnpj', 'email_name', 'phone_name']),
      fuzzy: fuzzySchema.default(FUZZY_DEFAULTS),
    })
    .default({ enabled: true, keys: ['cpf', 'cnpj', 'email_name', 'phone_name'], fuzzy: FUZZY_DEFAULTS }),
  enrichment: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Write reference values into empty cells of the row (the `_ref` columns are always added). */
      fillEmpty: z.boolean().default(true),
      sources: z.array(z.enum(['pessoas', 'empresas', 'ceps'])).default(['pessoas', 'empresas', 'ceps']),
      batchSize: z.number().int().min(1).max(100_000).default(1000),
      /** Reject rows whose CPF/CNPJ registration is not regular (CPF other than REGULAR, CNPJ other than ATIVA). */
      rejectIrregular: z.boolean().default(false),
      /** Reject rows whose CPF/CNPJ the registry gives to someone else (`cpf_confere` / `cnpj_confere` = `nao`). */
      rejectHolderMismatch: z.boolean().default(false),
    })
    .default({ enabled: true, fillEmpty: true, sources: ['pessoas', 'empresas', 'ceps'], batchSize: 1000, rejectIrregular: false, rejectHolderMismatch: false }),
  output: z
    .strictObject({
      delimiter: z.enum([';', ',', '\t', '|']).default(';'),
      bom: z.boolean().default(true),
      lineEnding: z.enum(['crlf', 'lf']).default('crlf'),
      decimalComma: z.boolean().default(true),
    })
    .default({ delimiter: ';', bom: true, lineEnding: 'crlf', decimalComma: true }),
  /** Thresholds on what a run measured (see quality/quality-gates.ts); field names are checked against the file's header at job start. */
  qualityGates: qualityGatesSchema,
});

export type Layout = z.infer<typeof layoutSchema>;
export type LayoutInput = z.input<typeof layoutSchema>;

export const defaultLayout = (): Layout => layoutSchema.parse({});

export function parseLayout(value: unknown, source = 'layout'): Layout {
  const result = layoutSchema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`${source} is invalid: ${problems}`);
  }
  return result.data;
}

export async function loadLayout(path: string): Promise<Layout> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read layout ${path}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const firstLine = (error as Error).message.split('\n')[0];
    throw new ConfigError(`layout ${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${firstLine}`, { cause: error });
  }
  return parseLayout(value, `layout ${path}`);
}
