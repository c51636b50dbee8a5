import { describe, expect, it } from 'vitest';
import { buscaBr, phoneticName } from './buscabr.js';

describe('buscaBr', () => {
  it.each([
    ['Thiago', 'Tiago'],
    ['Souza', 'Sousa'],
    ['Luiz', 'Luis'],
    ['Luíz', 'Luis'],
    ['Terezinha', 'Teresinha'],
    ['Conceição', 'Conceicao'],
    ['Gonçalves', 'Goncalves'],
    ['Walter', 'Valter'],
    ['Ellen', 'Elen'],
    ['Rafael', 'Raphael'],
    ['Rafaela', 'Raphaela'],
    ['Felipe', 'Phelipe'],
    ['Felipe', 'Filipe'],
    ['Matheus', 'Mateus'],
    ['Vitor', 'Victor'],
    ['Manoel', 'Manuel'],
    ['Raimundo', 'Raymundo'],
    ['Moraes', 'Morais'],
    ['Cavalcanti', 'Cavalcante'],
    ['Correia', 'Corrêa'],
    ['Batista', 'Baptista'],
    ['Jaqueline', 'Jacqueline'],
    ['Andréia', 'Andréa'],
    ['Luíza', 'Luísa'],
    ['Heloísa', 'Heloiza'],
    ['Yasmin', 'Yasmim'],
    ['Sophia', 'Sofia'],
    ['Isabela', 'Izabela'],
    ['Isabela', 'Isabella'],
    ['Daiane', 'Dayane'],
    ['Arthur', 'Artur'],
    ['Wellington', 'Welington'],
    ['Washington', 'Whashington'],
    ['Érica', 'Érika'],
    ['Cristiane', 'Christiane'],
    ['Tatiane', 'Tatiani'],
    ['Vanessa', 'Vanesa'],
    ['Elaine', 'Elaini'],
    ['Sebastião', 'Sebastiao'],
    ['Geovana', 'Jeovana'],
    ['Helena', 'Elena'],
    ['ARAÚJO', 'araujo'],
  ])('%s and %s share a key', (a, b) => expect(buscaBr(a)).toBe(buscaBr(b)));

  // Final a/o marks gender: siblings at one address must not collide.
  it.each([
    ['Maria', 'Mario'],
    ['Paulo', 'Paula'],
    ['Rafael', 'Rafaela'],
    ['Fernando', 'Fernanda'],
    ['Carla', 'Carlos'],
    ['Gabriel', 'Gabriela'],
    ['Antônio', 'Antônia'],
    ['João', 'Joana'],
    ['Maria', 'Mariana'],
    ['Maria', 'Marta'],
    ['Ana', 'Anselmo'],
    ['Silva', 'Silveira'],
    ['Davi', 'David'],
    ['Guilherme', 'Gilmar'],
    ['Lucas', 'Lúcia'],
  ])('%s and %s have different keys', (a, b) => expect(buscaBr(a)).not.toBe(buscaBr(b)));

  it.each([
    ['thiago', 'tiagu'],
    ['Conceição', 'kunsikau'],
    ['Guilherme', 'gilirmi'],
    ['Nascimento', 'nasimintu'],
    ['', ''],
    ['123', ''],
  ])('buscaBr(%j) === %j', (token, want) => expect(buscaBr(token)).toBe(want));
});

describe('phoneticName', () => {
  it('keys the first word and the last surname, across variants, particles and middle names', () => {
    expect(phoneticName('Maria Aparecida de Souza')).toBe(phoneticName('MARIA A. SOUSA'));
    expect(phoneticName('Thiago Gonçalves')).toBe('tiagu gunkalvis');
  });

  it('skips a generational suffix for the last surname', () => {
    expect(phoneticName('José Pereira Júnior')).toBe(phoneticName('José Pereira'));
  });

  it('is the first word alone for a one-word name, and empty for none', () => {
    expect(phoneticName('Thiago')).toBe('tiagu');
    expect(phoneticName('')).toBe('');
  });

  it('differs when the first name differs', () => {
    expect(phoneticName('Maria Silva')).not.toBe(phoneticName('Ana Silva'));
  });
});
