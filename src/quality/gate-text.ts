import type { Locale } from '../i18n/messages.js';
import type { GateMetric, GateResult, GateStatus, GateLevel } from './quality-gates.js';

/** Every phrase about quality gates that people read: reports, the CLI and the job's error. */
export interface GateLabels {
  readonly section: string;
  readonly header: readonly [string, string, string, string, string];
  readonly metrics: Record<GateMetric, string>;
  readonly levels: Record<GateLevel, string>;
  readonly statuses: Record<GateStatus, string>;
  readonly rowsOf: (count: string, of: string, isOne: boolean) => string;
  readonly cpfsOf: (count: string, of: string, isOne: boolean) => string;
  readonly notMeasured: string;
  readonly limitCount: (n: string, isOne: boolean) => string;
  readonly above: string;
  readonly within: string;
  readonly failed: (n: number) => string;
  readonly warned: (n: number) => string;
  readonly allPassed: string;
}

const PT_BR: GateLabels = {
  section: 'Limites de qualidade',
  header: ['Limite', 'Medido', 'Máximo', 'Nível', 'Resultado'],
  metrics: {
    invalid: 'inválidos',
    empty: 'vazios',
    rejected: 'linhas rejeitadas',
    duplicates: 'linhas duplicadas',
    cpf_confere_nao: 'CPF de outra pessoa (cpf_confere = nao)',
  },
  levels: { error: 'erro', warning: 'aviso' },
  statuses: { passed: 'dentro do limite', broken: 'acima do limite', not_measured: 'não medido' },
  rowsOf: (count, of, isOne) => `${count} de ${of} ${isOne ? 'linha' : 'linhas'}`,
  cpfsOf: (count, of, isOne) => `${count} de ${of} ${isOne ? 'CPF conferido' : 'CPFs conferidos'}`,
  notMeasured: 'sem conferência de titular do CPF (referência pessoas)',
  limitCount: (n, isOne) => `${n} ${isOne ? 'linha' : 'linhas'}`,
  above: 'acima do limite de',
  within: 'dentro do limite de',
  failed: (n) => (n === 1 ? '1 limite de qualidade violado' : `${n} limites de qualidade violados`),
  warned: (n) => (n === 1 ? '1 aviso de qualidade' : `${n} avisos de qualidade`),
  allPassed: 'todos os limites de qualidade atendidos',
};

const EN: GateLabels = {
  section: 'Quality gates',
  header: ['Gate', 'Measured', 'Maximum', 'Level', 'Result'],
  metrics: {
    invalid: 'invalid',
    empty: 'empty',
    rejected: 'rejected rows',
    duplicates: 'duplicate rows',
    cpf_confere_nao: "another person's CPF (cpf_confere = nao)",
  },
  levels: { error: 'error', warning: 'warning' },
  statuses: { passed: 'within the limit', broken: 'above the limit', not_measured: 'not measured' },
  rowsOf: (count, of, isOne) => `${count} of ${of} ${isOne ? 'row' : 'rows'}`,
  cpfsOf: (count, of, isOne) => `${count} of ${of} ${isOne ? 'checked CPF' : 'checked CPFs'}`,
  notMeasured: 'no CPF holder check (pessoas reference)',
  limitCount: (n, isOne) => `${n} ${isOne ? 'row' : 'rows'}`,
  above: 'above the limit of',
  within: 'within the limit of',
  failed: (n) => (n === 1 ? '1 quality gate broken' : `${n} quality gates broken`),
  warned: (n) => (n === 1 ? '1 quality warning' : `${n} quality warnings`),
  allPassed: 'every quality gate passed',
};

export const gateLabelsFor = (lang: Locale): GateLabels => (lang === 'en' ? EN : PT_BR);

/** One gate's result in words, split for a table and joined for a sentence. */
export interface GateText {
  /** `CPF — inválidos`, `linhas rejeitadas`. */
  readonly what: string;
  /** `7,5% (150 de 2.000 linhas)`. */
  readonly measured: string;
  /** `5% ou 100 linhas`. */
  readonly limit: string;
  /** `CPF — inválidos: 7,5% (150 de 2.000 linhas), acima do limite de 5%`. */
  readonly sentence: string;
}

export function describeGate(result: GateResult, lang: Locale): GateText {
  const labels = gateLabelsFor(lang);
  const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  // Two decimals: a limit of 5% broken by 5.04% must not read "5,0% > 5,0%".
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2 });
  const metric = labels.metrics[result.metric];
  const what = result.column === undefined ? metric : `${result.column} — ${metric}`;
  const limits = [
    result.maxShare === undefined ? undefined : percent.format(result.maxShare),
    result.maxCount === undefined ? undefined : labels.limitCount(integer.format(result.maxCount), result.maxCount === 1),
  ].filter((l): l is string => l !== undefined);
  const limit = limits.join(lang === 'en' ? ' or ' : ' ou ');
  if (result.count === null || result.share === null) {
    return { what, measured: labels.statuses.not_measured, limit, sentence: `${what}: ${labels.statuses.not_measured} (${labels.notMeasured})` };
  }
  const ofText = (result.metric === 'cpf_confere_nao' ? labels.cpfsOf : labels.rowsOf)(integer.format(result.count), integer.format(result.of), result.of === 1);
  const measured = `${percent.format(result.share)} (${ofText})`;
  const verdict = result.status === 'broken' ? labels.above : labels.within;
  return { what, measured, limit, sentence: `${what}: ${measured}, ${verdict} ${limit}` };
}

/** `2 limites de qualidade violados: CPF — inválidos: …; linhas rejeitadas: …`, or undefined when none broke. */
export function describeBroken(results: readonly GateResult[], level: GateLevel, lang: Locale): string | undefined {
  const broken = results.filter((r) => r.level === level && r.status === 'broken');
  if (broken.length === 0) return undefined;
  const labels = gateLabelsFor(lang);
  const head = level === 'error' ? labels.failed(broken.length) : labels.warned(broken.length);
  return `${head}: ${broken.map((r) => describeGate(r, lang).sentence).join('; ')}`;
}
