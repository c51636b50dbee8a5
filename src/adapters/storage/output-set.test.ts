import { describe, expect, it } from 'vitest';
import { eachAtMost, planOutputSet, temporaryPathFor } from './output-set.js';

describe('temporaryPathFor', () => {
  it('names a hidden file beside the destination, after the destination alone', () => {
    expect(temporaryPathFor('finalizado/clientes.csv')).toMatch(/^finalizado\/\.clientes\.csv\.[0-9a-f]{12}\.higia\.tmp$/);
    expect(temporaryPathFor('clientes.csv')).toMatch(/^\.clientes\.csv\.[0-9a-f]{12}\.higia\.tmp$/);
    expect(temporaryPathFor('finalizado/clientes.csv')).toBe(temporaryPathFor('finalizado/clientes.csv'));
    expect(temporaryPathFor('finalizado/clientes.csv')).not.toBe(temporaryPathFor('outro/clientes.csv'));
  });

  it('cuts a long name to 40 characters, never inside a surrogate pair, within the 255-byte limit', () => {
    const name = (path: string) => path.split('/').pop()!;
    expect(name(temporaryPathFor(`a/${'n'.repeat(240)}.csv`))).toMatch(/^\.n{40}\.[0-9a-f]{12}\.higia\.tmp$/);
    const emoji = name(temporaryPathFor(`a/${'😀'.repeat(100)}`));
    expect(emoji.startsWith(`.${'😀'.repeat(40)}.`)).toBe(true);
    expect(Buffer.byteLength(emoji)).toBeLessThan(255);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone half of a pair
  });
});

describe('planOutputSet', () => {
  const files = [
    { localPath: '/tmp/a', path: 'out/a.csv' },
    { localPath: '/tmp/s', path: 'out/resumo.json' },
    { localPath: '/tmp/b', path: 'out/b.pdf' },
  ];

  it('puts last apart and keeps the order of the others', () => {
    const plan = planOutputSet(files, { last: 'out/resumo.json', stale: ['out/old.csv', 'out/old.csv'] });
    expect(plan.last.path).toBe('out/resumo.json');
    expect(plan.others.map((f) => f.path)).toEqual(['out/a.csv', 'out/b.pdf']);
    expect(plan.stale).toEqual(['out/old.csv']);
  });

  it.each([
    ['a last outside the set', files, { last: 'out/other.json' }, /not one of the files/],
    ['a path twice', [...files, files[0]!], { last: 'out/resumo.json' }, /appears twice/],
    ['a path both new and stale', files, { last: 'out/resumo.json', stale: ['out/a.csv'] }, /both in the set and stale/],
  ])('refuses %s', (_what, set, options, message) => {
    expect(() => planOutputSet(set, options)).toThrow(message);
  });
});

describe('eachAtMost', () => {
  /** A task that resolves (or fails) when the test says, recording when it started. */
  const gate = () => {
    let open!: () => void;
    let fail!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
    return { done, open, fail };
  };
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('runs at most `limit` at a time, in order, and every item once', async () => {
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const all = eachAtMost([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      await gates[i]!.done;
    });
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await all;
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts nothing after a failure, and rejects with it only once the items in flight have settled', async () => {
    const gates = Array.from({ length: 4 }, gate);
    const started: number[] = [];
    let settled = false;
    const all = eachAtMost([0, 1, 2, 3], 2, async (i) => {
      started.push(i);
      await gates[i]!.done;
    }).finally(() => (settled = true));
    await tick();
    gates[0]!.fail(new Error('first'));
    await tick();
    expect(settled).toBe(false); // item 1 still runs
    gates[1]!.fail(new Error('second'));
    await expect(all).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
  });
});
