/**
 * The word tables standardizeAddress reads. Keys are lowercase, without the abbreviation's dot.
 * Tables, not regexes: one Map lookup per word, built once at load.
 */

/**
 * Street types, recognised only as the first word of the address, with or without a dot
 * (`R Dr Arnaldo`, `Av Paulista`): there a short word is the type, not part of a name.
 * `Est.` is Estrada, as ERPs and the data generator write it; `Vl.`/`Jd.` (Vila, Jardim)
 * are left as written: they name neighbourhoods, which belong to the Bairro column.
 */
export const STREET_TYPES: ReadonlyMap<string, string> = new Map([
  ['r', 'Rua'],
  ['av', 'Avenida'], ['avda', 'Avenida'], ['aven', 'Avenida'],
  ['al', 'Alameda'],
  ['trav', 'Travessa'], ['tv', 'Travessa'],
  ['pç', 'Praça'], ['pça', 'Praça'], ['pc', 'Praça'], ['pca', 'Praça'],
  ['estr', 'Estrada'], ['est', 'Estrada'],
  ['rod', 'Rodovia'],
  ['lgo', 'Largo'], ['lg', 'Largo'],
]);

/**
 * Words that alone are no street name: in `Rua 15` or `Quadra 5 Lote 3` the digits name the
 * street, so a number right after them is never split off without a comma or `Nº`.
 */
export const BARE_STREET_TYPES: ReadonlySet<string> = new Set([
  ...STREET_TYPES.keys(),
  'rua', 'avenida', 'alameda', 'travessa', 'praça', 'praca', 'estrada', 'rodovia', 'largo',
  'beco', 'viela', 'ladeira', 'passagem', 'servidão', 'servidao', 'via', 'quadra', 'qd',
]);

interface Title {
  readonly word: string;
  /** False when the bare word is also a Portuguese word or a name (`mal`, `com`, `Gal Costa`). */
  readonly dotless: boolean;
}

const title = (word: string, dotless = true): Title => ({ word, dotless });

/**
 * Titles, expanded anywhere in the street name. `D.` (Dom or Dona) and `S.` (São, Santo or
 * Santa) are ambiguous and stay as written.
 */
export const TITLES: ReadonlyMap<string, Title> = new Map([
  ['dr', title('Doutor')], ['dra', title('Doutora')], ['drª', title('Doutora')],
  ['prof', title('Professor')], ['profa', title('Professora')], ['profª', title('Professora')],
  ['pe', title('Padre')],
  ['sta', title('Santa')], ['sto', title('Santo')],
  ['sr', title('Senhor')], ['sra', title('Senhora')],
  ['cel', title('Coronel')],
  ['gal', title('General', false)], ['gen', title('General', false)],
  ['mal', title('Marechal', false)],
  ['eng', title('Engenheiro')],
  ['tte', title('Tenente')], ['ten', title('Tenente', false)],
  ['cap', title('Capitão')],
  ['des', title('Desembargador', false)],
  ['pres', title('Presidente')],
  ['dep', title('Deputado')],
  ['sen', title('Senador')],
  ['gov', title('Governador')],
  ['maj', title('Major')],
  ['brig', title('Brigadeiro')],
  ['alm', title('Almirante')],
  ['cmte', title('Comandante')], ['cmt', title('Comandante')],
  ['com', title('Comendador', false)],
  ['cons', title('Conselheiro')],
  ['min', title('Ministro', false)],
  ['visc', title('Visconde')], ['vsc', title('Visconde')],
  ['bar', title('Barão', false)],
  ['fr', title('Frei', false)],
  ['mons', title('Monsenhor')],
  ['ver', title('Vereador', false)],
  ['sgt', title('Sargento')],
  ['pref', title('Prefeito')],
]);

/** `N. Sra.`, `Nsa. Sra.`: `Nossa` only before `Senhora`, as `N.` alone is a number mark. */
export const OUR_LADY_PREFIXES: ReadonlySet<string> = new Set(['n', 'na', 'ns', 'nsa', 'nª']);

/** Complement words that take a value (`Apto 12`, `Bloco B`), to their standard spelling. */
export const COMPLEMENT_KEYS: ReadonlyMap<string, string> = new Map([
  ['apto', 'Apto'], ['ap', 'Apto'], ['apt', 'Apto'], ['apart', 'Apto'], ['apartamento', 'Apto'],
  ['bloco', 'Bloco'], ['bl', 'Bloco'], ['blc', 'Bloco'], ['bloc', 'Bloco'],
  ['casa', 'Casa'], ['cs', 'Casa'],
  ['sala', 'Sala'], ['sl', 'Sala'],
  ['loja', 'Loja'], ['lj', 'Loja'],
  ['conjunto', 'Conjunto'], ['conj', 'Conjunto'], ['cj', 'Conjunto'],
  ['lote', 'Lote'], ['lt', 'Lote'],
  ['quadra', 'Quadra'], ['qd', 'Quadra'], ['qda', 'Quadra'],
  ['torre', 'Torre'],
  ['box', 'Box'],
  ['andar', 'Andar'],
]);

/** Complement words that stand alone. */
export const COMPLEMENT_WORDS: ReadonlyMap<string, string> = new Map([
  ['fundos', 'Fundos'], ['fundo', 'Fundos'], ['fds', 'Fundos'],
  ['frente', 'Frente'],
  ['térreo', 'Térreo'], ['terreo', 'Térreo'],
  ['sobreloja', 'Sobreloja'],
  ['cobertura', 'Cobertura'],
]);

/** `sem número`, `sem nº`: the second word after `sem`. */
export const NO_NUMBER_WORDS: ReadonlySet<string> = new Set(['número', 'numero', 'nº', 'n°', 'n.', 'n', 'num', 'num.']);
