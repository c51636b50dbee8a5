/**
 * A binary min-heap for k-way merges: the sources themselves are the items, and a source
 * that moved to its next record is put back in place with `update()` instead of pop + push.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** The smallest item; only when size > 0. */
  peek(): T {
    return this.items[0]!;
  }

  push(item: T): void {
    const items = this.items;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[parent]!, item) <= 0) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  /** Removes the smallest item. */
  pop(): void {
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.update();
    }
  }

  /** The smallest item has grown (its source moved on): sinks it to its place. */
  update(): void {
    const items = this.items;
    const n = items.length;
    const item = items[0]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.compare(items[child + 1]!, items[child]!) < 0) child++;
      if (this.compare(item, items[child]!) <= 0) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = item;
  }
}
