import type { Locale } from '../../i18n/messages.js';
import type { HolderCheckVerdict, HolderCounts, RunSummary } from '../../pipeline/summary.js';
import { formatterFor } from './format.js';

export type DocumentKind = 'cpf' | 'cnpj';

export interface HolderCheckLabels {
  readonly section: string;
  /** Verdict, CPF, % CPF, CNPJ, % CNPJ. */
  readonly header: readonly [string, string, string, string, string];
  readonly verdicts: Readonly<Record<HolderCheckVerdict, string>>;
  /** What each verdict means; `nao` said plainly, since it is the one to act on. */
  readonly explanation: string;
  readonly mismatch: Readonly<Record<DocumentKind, (count: string, share: string) => string>>;
  readonly noMismatch: string;
  readonly irregular: string;
  /** Document, status, rows, %. */
  readonly irregularHeader: readonly [string, string, string, string];
  readonly irregularExplanation: string;
  readonly noIrregular: string;
  /** The registry's own status words in the report's language (shown beside them: they are what users search for). */
  readonly statusNames: Readonly<Record<string, string>>;
}

const PT_BR: HolderCheckLabels = {
  section: 'Titular do CPF/CNPJ na base de referência',
  header: ['Confere', 'CPF', '% CPF', 'CNPJ', '% CNPJ'],
  verdicts: {
    sim: 'Sim: é a pessoa/empresa da linha',
    parcial: 'Parcial: confere em parte',
    nao: 'Não: registrado para outra pessoa/empresa',
    sem_referencia: 'Sem referência',
  },
  explanation:
    'Não = CPF registrado para outra pessoa (o nome ou a data de nascimento do titular na base não são os da linha), ou CNPJ registrado para outra empresa (outra razão social). Parcial = nome abreviado, incompleto ou com erro de digitação. Sem referência = o documento não está na base. Contam só as linhas mantidas.',
  mismatch: {
    cpf: (count, share) => `${count} ${count === '1' ? 'CPF registrado' : 'CPFs registrados'} para outra pessoa (${share})`,
    cnpj: (count, share) => `${count} ${count === '1' ? 'CNPJ registrado' : 'CNPJs registrados'} para outra empresa (${share})`,
  },
  noMismatch: 'Nenhum CPF ou CNPJ registrado para outra pessoa ou empresa.',
  irregular: 'Cadastros não regulares',
  irregularHeader: ['Documento', 'Situação cadastral', 'Linhas', '%'],
  irregularExplanation: 'CPFs com situação diferente de REGULAR e CNPJs com situação diferente de ATIVA na base de referência.',
  noIrregular: 'Nenhum cadastro com situação irregular.',
  statusNames: {},
};

const EN: HolderCheckLabels = {
  section: 'CPF/CNPJ holder in the reference data',
  header: ['Matches', 'CPF', '% CPF', 'CNPJ', '% CNPJ'],
  verdicts: {
    sim: 'Yes: the row’s person/company',
    parcial: 'Partly: matches in part',
    nao: 'No: registered to someone else',
    sem_referencia: 'Not in the reference',
  },
  explanation:
    'No = the CPF is registered to another person (the holder’s name or birth date in the reference is not the row’s), or the CNPJ to another company (another company name). Partly = a name abbreviated, incomplete or with a typo. Not in the reference = the document is not in the reference data. Only kept rows count.',
  mismatch: {
    cpf: (count, share) => `${count} ${count === '1' ? 'CPF' : 'CPFs'} registered to another person (${share})`,
    cnpj: (count, share) => `${count} ${count === '1' ? 'CNPJ' : 'CNPJs'} registered to another company (${share})`,
  },
  noMismatch: 'No CPF or CNPJ is registered to another person or company.',
  irregular: 'Registrations not in good standing',
  irregularHeader: ['Document', 'Registration status', 'Rows', '%'],
  irregularExplanation: 'CPFs whose status is not REGULAR and CNPJs whose status is not ATIVA (active) in the reference data.',
  noIrregular: 'No registration with an irregular status.',
  statusNames: {
    'PENDENTE DE REGULARIZAÇÃO': 'pending regularisation',
    SUSPENSA: 'suspended',
    'TITULAR FALECIDO': 'holder deceased',
    'CANCELADA POR MULTIPLICIDADE': 'cancelled as a duplicate',
    'CANCELADA DE OFÍCIO': 'cancelled by the tax office',
    NULA: 'void',
    INAPTA: 'unfit',
    BAIXADA: 'closed',
  },
};

export const holderCheckLabelsFor = (lang: Locale): HolderCheckLabels => (lang === 'en' ? EN : PT_BR);

export const HOLDER_VERDICTS: readonly HolderCheckVerdict[] = ['sim', 'parcial', 'nao', 'sem_referencia'];

export interface HolderVerdictRow {
  readonly verdict: HolderCheckVerdict;
  readonly label: string;
  readonly cpf: number;
  /** Of the kept rows whose CPF was checked (0 when none was). */
  readonly cpfShare: number;
  readonly cnpj: number;
  readonly cnpjShare: number;
}

export interface IrregularRow {
  readonly kind: DocumentKind;
  readonly kindLabel: string;
  /** The registry's status (`SUSPENSA`), with its translation in English. */
  readonly status: string;
  readonly count: number;
  /** Of the kept rows whose document of this kind was checked. */
  readonly share: number;
}

/** The holder check as every report shows it: the verdict table, the mismatches in words, the irregular registrations. */
export interface HolderCheckReport {
  readonly labels: HolderCheckLabels;
  /** sim, parcial, nao, sem_referencia, always all four. */
  readonly rows: readonly HolderVerdictRow[];
  readonly totals: Readonly<Record<DocumentKind, number>>;
  /** `12 CPFs registrados para outra pessoa (2,4%)`, one per kind that has any; empty when none has. */
  readonly mismatches: readonly string[];
  /** CPF then CNPJ, each most rows first. */
  readonly irregular: readonly IrregularRow[];
}

export function holderCheckReportOf(summary: Pick<RunSummary, 'holderCheck'>, lang: Locale): HolderCheckReport | undefined {
  const check = summary.holderCheck;
  if (!check) return undefined;
  const labels = holderCheckLabelsFor(lang);
  const format = formatterFor(lang);
  const totals = { cpf: total(check.cpf), cnpj: total(check.cnpj) };
  const shareOf = (n: number, kind: DocumentKind) => (totals[kind] === 0 ? 0 : n / totals[kind]);
  const rows = HOLDER_VERDICTS.map((verdict) => ({
    verdict,
    label: labels.verdicts[verdict],
    cpf: check.cpf[verdict],
    cpfShare: shareOf(check.cpf[verdict], 'cpf'),
    cnpj: check.cnpj[verdict],
    cnpjShare: shareOf(check.cnpj[verdict], 'cnpj'),
  }));
  const kinds: readonly DocumentKind[] = ['cpf', 'cnpj'];
  const mismatches = kinds
    .filter((kind) => check[kind].nao > 0)
    .map((kind) => labels.mismatch[kind](format.integer(check[kind].nao), format.share(shareOf(check[kind].nao, kind))));
  const irregular = kinds
    .flatMap((kind) =>
      Object.entries(check.irregular[kind])
        .filter(([, count]) => count > 0)
        .map(([status, count]) => ({
          kind,
          kindLabel: kind.toUpperCase(),
          status: labels.statusNames[status] ? `${status} (${labels.statusNames[status]})` : status,
          count,
          share: shareOf(count, kind),
        })),
    )
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || b.count - a.count || a.status.localeCompare(b.status));
  return { labels, rows, totals, mismatches, irregular };
}

function total(counts: HolderCounts): number {
  return HOLDER_VERDICTS.reduce((sum, verdict) => sum + counts[verdict], 0);
}
