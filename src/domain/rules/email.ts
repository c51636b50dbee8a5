import { fail, ok, type FieldRule } from './rule.js';

/**
 * Intended domain → misspellings seen in Brazilian customer files. Only unambiguous typos of
 * big providers: domains that host real mailboxes stay untouched even when they look like a
 * slip (`hotmail.com.br`, `outlook.com.br`, `yahoo.com` and `uol.com` are real; `gmail.com.br`
 * is left alone too, since whether it "means" gmail.com is a guess, not a typo).
 */
const TYPOS_BY_DOMAIN: Readonly<Record<string, readonly string[]>> = {
  'gmail.com': [
    'gmial.com', 'gmai.com', 'gmal.com', 'gamil.com', 'gmail.con', 'gmaill.com', 'gmil.com', 'gnail.com',
    'gmaiil.com', 'gmali.com', 'gmail.cm', 'gmail.comm', 'gmail.cmo', 'gmail.om', 'gmail.vom', 'gmail.xom',
    'gmeil.com', 'gmail.c', 'gmail.com.com',
  ],
  'hotmail.com': [
    'hotmal.com', 'hotmial.com', 'hotmai.com', 'hotmail.con', 'hotmil.com', 'hotmaill.com', 'hotamil.com',
    'homail.com', 'hotmali.com', 'hotmsil.com', 'htmail.com', 'hotmail.cm', 'hotmail.comm', 'hotmail.om',
    'hotmail.cmo', 'hormail.com', 'hotmeil.com', 'hotmail.com.com',
  ],
  'hotmail.com.br': ['hotmal.com.br', 'hotmial.com.br', 'hotmai.com.br', 'hotmail.con.br', 'hotmil.com.br'],
  'yahoo.com.br': [
    'yaho.com.br', 'yahoo.com.b', 'yahooo.com.br', 'yahoo.con.br', 'yhaoo.com.br', 'yahoo.combr', 'yaoo.com.br',
    'yahho.com.br', 'yahoo.com.rb',
  ],
  'yahoo.com': ['yaho.com', 'yahooo.com', 'yahoo.con', 'yhaoo.com', 'yahoo.cm'],
  'outlook.com': ['outlok.com', 'outlook.con', 'outllook.com', 'outloo.com', 'otlook.com', 'outlook.cm', 'outlook.comm'],
  'icloud.com': ['iclod.com', 'icloud.con', 'icoud.com', 'icluod.com', 'iclould.com', 'icloud.cm'],
  'live.com': ['live.con', 'live.cm', 'live.comm'],
  'uol.com.br': ['uol.con.br', 'uol.com.b', 'uol.combr', 'uol.com.rb'],
  'bol.com.br': ['bol.con.br', 'bol.com.b', 'bol.combr', 'bol.com.rb'],
  'terra.com.br': ['terra.con.br', 'terra.com.b', 'terra.combr', 'terrra.com.br'],
  'ig.com.br': ['ig.con.br', 'ig.com.b', 'ig.combr'],
};

const INTENDED_DOMAIN: ReadonlyMap<string, string> = new Map(
  Object.entries(TYPOS_BY_DOMAIN).flatMap(([domain, typos]) => typos.map((typo) => [typo, domain] as const)),
);

/**
 * The rule's grammar, stated exactly: an RFC 5322 dot-atom local part (no quoted strings), `@`,
 * LDH labels, and an alphabetic TLD of 2+ letters. No `..`, no leading/trailing dot, no comma.
 * A regex rather than a validator library: those accept more (quoted local parts, IP literals,
 * UTF-8) and would disagree with this rule and with the ground truth; it also runs on every row.
 */
const ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const EMAIL = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@(?:${LABEL}\\.)+[a-z]{2,}$`);

/** RFC 5321 limits: 64 octets of local part, 254 for the whole address. */
const MAX_LOCAL_LENGTH = 64;
const MAX_LENGTH = 254;

export const sanitizeEmail: FieldRule = (raw) => {
  const email = raw.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at < 0) return fail('EMAIL_SYNTAX', 'no @');
  const domain = email.slice(at + 1);
  const intended = INTENDED_DOMAIN.get(domain);
  const fixed = intended === undefined ? email : email.slice(0, at + 1) + intended;
  if (!EMAIL.test(fixed)) return fail('EMAIL_SYNTAX', describeSyntaxError(fixed, at));
  if (at > MAX_LOCAL_LENGTH || fixed.length > MAX_LENGTH) return fail('EMAIL_SYNTAX', 'address too long');
  return ok(fixed);
};

function describeSyntaxError(email: string, at: number): string {
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local === '') return 'nothing before the @';
  if (domain === '') return 'nothing after the @';
  if (email.indexOf('@') !== at) return 'more than one @';
  if (email.includes('..')) return 'two dots in a row';
  if (email.includes(',')) return 'comma in the address';
  if (/\s/.test(email)) return 'space in the address';
  if (local.startsWith('.') || local.endsWith('.')) return 'dot at the start or end of the name before the @';
  if (!domain.includes('.')) return 'domain without a top-level domain';
  if (!/\.[a-z]{2,}$/.test(domain)) return 'top-level domain is not 2+ letters';
  return 'characters not allowed in an e-mail address';
}
