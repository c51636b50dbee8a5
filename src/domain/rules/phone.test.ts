import { describe, expect, it } from 'vitest';
import { isAreaCode, isKnownAreaCode, isValidByLibrary, sanitizeAreaCode, sanitizePhone, type PhoneKind } from './phone.js';
import { applyRule } from './rule.js';

const context = { today: '2026-11-27' };
const mobile = { status: 'corrected', value: '+5511987654321', info: 'celular' };
const landline = { status: 'corrected', value: '+551134567890', info: 'fixo' };

describe('sanitizePhone', () => {
  it.each([
    ['+5511987654321', { status: 'valid', value: '+5511987654321', info: 'celular' }],
    ['+551134567890', { status: 'valid', value: '+551134567890', info: 'fixo' }],
    ['(11) 98765-4321', mobile],
    ['(11)98765-4321', mobile],
    ['11987654321', mobile],
    ['11 98765-4321', mobile],
    ['11 98765 4321', mobile],
    ['+55 11 98765-4321', mobile],
    ['+55 (11) 98765-4321', mobile],
    ['5511987654321', mobile],
    ['(011) 98765-4321', mobile],
    ['011987654321', mobile],
    ['0xx11 98765-4321', mobile],
    ['0 15 11 98765-4321', mobile],
    ['0xx21 11 98765-4321', mobile],
    ['(11) 8765-4321', mobile],
    ['1187654321', mobile],
    ['(11) 6765-4321', { status: 'corrected', value: '+5511967654321', info: 'celular' }],
    ['(11) 3456-7890', landline],
    ['011 3456-7890', landline],
    ['01134567890', landline],
    ['551134567890', landline],
    ['0 41 11 3456-7890', landline],
    ['(21) 2345-6789', { status: 'corrected', value: '+552123456789', info: 'fixo' }],
    ['(55) 5432-1098', { status: 'corrected', value: '+555554321098', info: 'fixo' }],
    ['(99) 99876-5432', { status: 'corrected', value: '+5599998765432', info: 'celular' }],
    ['', { status: 'empty', value: '' }],
    ['98765-4321', { status: 'invalid', value: '98765-4321', code: 'NO_AREA_CODE' }],
    ['987654321', { status: 'invalid', code: 'NO_AREA_CODE' }],
    ['3456-7890', { status: 'invalid', code: 'NO_AREA_CODE' }],
    ['8765-4321', { status: 'invalid', code: 'NO_AREA_CODE' }],
    ['(20) 98765-4321', { status: 'invalid', code: 'UNKNOWN_AREA_CODE', detail: 'area code 20 does not exist' }],
    ['+55 20 98765-4321', { status: 'invalid', code: 'UNKNOWN_AREA_CODE' }],
    ['2034567890', { status: 'invalid', code: 'UNKNOWN_AREA_CODE' }],
    ['(10) 3456-7890', { status: 'invalid', code: 'UNKNOWN_AREA_CODE' }],
    ['(09) 8765-4321', { status: 'invalid', code: 'UNKNOWN_AREA_CODE', detail: 'area code 09 does not exist' }],
    ['01977331956', { status: 'corrected', value: '+5519977331956', info: 'celular' }],
    ['0000-0000', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['(00) 0000-0000', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['00000000000', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['1234', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['0', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['(11) 1234-5678', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['(11) 88765-4321', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['119876543210', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['não tem', { status: 'invalid', code: 'BAD_CHARACTERS' }],
    ['(11) 98765-4321 ramal 12', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('%j → %j', (raw, want) => expect(applyRule(sanitizePhone, raw, context)).toMatchObject(want));

  it.each([10, 20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56, 57, 58, 59, 60, 70, 72, 76, 78, 80, 90])(
    'rejects area code %i',
    (ddd) => {
      expect(sanitizePhone(`(${ddd}) 98765-4321`, context)).toMatchObject({ ok: false, code: 'UNKNOWN_AREA_CODE' });
      expect(sanitizePhone(`(${ddd}) 3456-7890`, context)).toMatchObject({ ok: false, code: 'UNKNOWN_AREA_CODE' });
    },
  );
});

describe('sanitizePhone with the DDD of a paired area-code column', () => {
  const withDdd = (areaCode: string) => ({ ...context, areaCode });
  it.each([
    ['98765-4321', '11', { status: 'corrected', value: '+5511987654321', info: 'celular' }],
    ['987654321', '21', { status: 'corrected', value: '+5521987654321', info: 'celular' }],
    ['3456-7890', '11', { status: 'corrected', value: '+551134567890', info: 'fixo' }],
    ['34567890', '61', { status: 'corrected', value: '+556134567890', info: 'fixo' }],
    ['8765-4321', '31', { status: 'corrected', value: '+5531987654321', info: 'celular' }],
    // A number that has its own DDD keeps it, whatever the column says.
    ['(21) 98765-4321', '11', { status: 'corrected', value: '+5521987654321', info: 'celular' }],
    ['+551134567890', '21', { status: 'valid', value: '+551134567890', info: 'fixo' }],
    ['(20) 98765-4321', '11', { status: 'invalid', code: 'UNKNOWN_AREA_CODE' }],
    // What is not a local number is not completed.
    ['1234-5678', '11', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['88765-4321', '11', { status: 'invalid', code: 'NOT_A_PHONE' }],
    ['1234', '11', { status: 'invalid', code: 'NOT_A_PHONE' }],
  ])('%j with DDD %s → %j', (raw, ddd, want) => expect(applyRule(sanitizePhone, raw, withDdd(ddd))).toMatchObject(want));
});

describe('sanitizeAreaCode', () => {
  it.each([
    ['11', { status: 'valid', value: '11' }],
    ['21', { status: 'valid', value: '21' }],
    ['99', { status: 'valid', value: '99' }],
    ['(11)', { status: 'corrected', value: '11' }],
    [' 11 ', { status: 'corrected', value: '11' }],
    ['011', { status: 'corrected', value: '11' }],
    ['(011)', { status: 'corrected', value: '11' }],
    ['0xx11', { status: 'corrected', value: '11' }],
    ['', { status: 'empty', value: '' }],
    ['20', { status: 'invalid', value: '20', code: 'UNKNOWN_AREA_CODE', detail: 'area code 20 does not exist' }],
    ['00', { status: 'invalid', code: 'UNKNOWN_AREA_CODE' }],
    ['09', { status: 'invalid', code: 'UNKNOWN_AREA_CODE' }],
    ['1', { status: 'invalid', code: 'BAD_LENGTH', detail: '1 digits, a DDD has 2' }],
    ['111', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['0011', { status: 'invalid', code: 'BAD_LENGTH' }],
    ['SP', { status: 'invalid', code: 'BAD_CHARACTERS' }],
  ])('%j → %j', (raw, want) => expect(applyRule(sanitizeAreaCode, raw, context)).toMatchObject(want));

  it('knows the same 67 DDDs as the phone rule', () => {
    const ddds = Array.from({ length: 90 }, (_, i) => String(i + 10));
    expect(ddds.filter(isAreaCode)).toEqual(ddds.filter((ddd) => isKnownAreaCode(ddd, '34567890', 'fixo')));
    expect(ddds.filter(isAreaCode)).toHaveLength(67);
  });
});

/** Deterministic LCG: the same subscriber numbers on every run. */
function* numbers(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    yield state;
  }
}

describe('the DDD + kind memo agrees with libphonenumber-js', () => {
  const random = numbers(42);
  const digits = (n: number): string => String(random.next().value as number % 10 ** n).padStart(n, '0');
  const ddds = Array.from({ length: 90 }, (_, i) => String(i + 10));
  // Every first two subscriber digits our shape checks let through, with a few random tails each.
  const subscribers: [PhoneKind, string][] = [];
  for (let second = 0; second <= 9; second++) {
    for (let tail = 0; tail < 3; tail++) {
      subscribers.push(['celular', `9${second}${digits(7)}`]);
      for (const first of [2, 3, 4, 5]) subscribers.push(['fixo', `${first}${second}${digits(6)}`]);
    }
  }

  it.each(ddds)('DDD %s', (ddd) => {
    for (const [kind, subscriber] of subscribers) {
      expect(isKnownAreaCode(ddd, subscriber, kind), `${ddd} ${subscriber}`).toBe(
        isValidByLibrary(ddd + subscriber, kind),
      );
    }
  });

  // The library strips a leading 0 as a trunk prefix and judges the digits after it instead.
  it.each(['00', '01', '05', '09'])('never accepts DDD %s', (ddd) => {
    expect(isKnownAreaCode(ddd, '977331956', 'celular')).toBe(false);
    expect(isKnownAreaCode(ddd, '34567890', 'fixo')).toBe(false);
  });

  it('knows the 67 area codes in use', () => {
    const known = ddds.filter((ddd) => isKnownAreaCode(ddd, '987654321', 'celular'));
    expect(known).toHaveLength(67);
    expect(ddds.filter((ddd) => isKnownAreaCode(ddd, '34567890', 'fixo'))).toEqual(known);
  });
});
