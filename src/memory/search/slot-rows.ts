/**
 * The slot scheme both vector indexes (VectorIndex, Int8VectorIndex) keep their rows in: a new id
 * takes the next slot, and a removed id's hole is filled by the last row, so rows 0..size-1 are
 * always dense and a scan reads nothing else. Subclasses own the rows themselves (how many fit,
 * growing, moving one).
 */
import { RouterError } from '../../core/errors';

export abstract class SlotRows {
  protected count = 0;
  protected readonly ids: string[] = [];
  protected readonly slotOf = new Map<string, number>();

  constructor(readonly dimension: number) {
    if (!Number.isInteger(dimension) || dimension <= 0) {
      throw new RouterError('WRONG_SCHEMA', `Vector dimension must be a positive integer, got ${dimension}.`);
    }
  }

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const last = this.count - 1;
    if (slot !== last) {
      this.moveRow(last, slot);
      const moved = this.ids[last];
      this.ids[slot] = moved;
      this.slotOf.set(moved, slot);
    }
    this.ids.length = last;
    this.slotOf.delete(id);
    this.count = last;
  }

  /** The slot of `id`; an id not held yet takes the next one, growing the rows when they are full. */
  protected slotFor(id: string): number {
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      if (this.count === this.rowCapacity()) this.grow();
      slot = this.count++;
      this.ids[slot] = id;
      this.slotOf.set(id, slot);
    }
    return slot;
  }

  protected checkDimension(v: Float32Array, what: string): void {
    if (!(v instanceof Float32Array) || v.length !== this.dimension) {
      throw new RouterError(
        'WRONG_SCHEMA',
        `The ${what} has ${v?.length ?? 'no'} dimensions but this index holds ${this.dimension}: re-embed with the same embedder.`,
      );
    }
  }

  /** How many rows fit before grow() is needed. */
  protected abstract rowCapacity(): number;
  protected abstract grow(): void;
  /** Copies row `from` over row `to` (the last row into a hole). */
  protected abstract moveRow(from: number, to: number): void;
}
