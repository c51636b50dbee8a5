import { describe, expect, it } from 'vitest';
import { repairMojibake } from './mojibake.js';

describe('repairMojibake', () => {
  it.each([
    ['JoÃ£o', 'João'],
    ['AraÃºjo', 'Araújo'],
    ['ConceiÃ§Ã£o', 'Conceição'],
    ['FÃ¡tima', 'Fátima'],
    ['SebastiÃ£o da PaixÃ£o', 'Sebastião da Paixão'],
    ['Ligar apÃ³s as 18h', 'Ligar após as 18h'],
    ['NÂº do pedido', 'Nº do pedido'],
    ['Ã\u00a0 vista', 'à vista'], // à is C3 A0: its second half is an NBSP
    ['Ã\u0081gua', 'Água'], // read as ISO-8859-1: the second byte is a C1 control
    ['Ã‰rico', 'Érico'], // read as Windows-1252: 0x89 shows as ‰
    ['JoÃƒÂ£o', 'João'], // decoded wrongly twice
  ])('repairs %j to %j', (raw, want) => expect(repairMojibake(raw)).toBe(want));

  it.each([
    ['João'],
    ['SÃO PAULO'],
    ['ÁGUA'],
    ['Ângela'],
    ['IRMÃ\u00a0'], // a real word and a trailing NBSP, not a mangled à
    ['Â€'], // would decode to an invisible C1 control: not an improvement
    ['plain ASCII'],
  ])('leaves correct text %j untouched', (text) => expect(repairMojibake(text)).toBe(text));
});
