/**
 * A fixed-size min-heap of (slot, score) pairs in typed arrays: the k best rows of a scan without
 * allocating an object per row. The root is the weakest kept score, so most rows are rejected by
 * one comparison against `threshold`.
 */
export class TopK {
  private readonly slots: Int32Array;
  private readonly scores: Float64Array;
  private count = 0;

  constructor(readonly capacity: number) {
    const cap = Math.max(0, Math.floor(capacity));
    this.slots = new Int32Array(cap);
    this.scores = new Float64Array(cap);
  }

  get size(): number {
    return this.count;
  }

  /** The score a new row must beat to enter (−Infinity until the heap is full). */
  get threshold(): number {
    return this.count < this.slots.length ? -Infinity : this.scores[0];
  }

  push(slot: number, score: number): void {
    const cap = this.slots.length;
    if (cap === 0) return;
    if (this.count < cap) {
      let i = this.count++;
      // sift up
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent] <= score) break;
        this.scores[i] = this.scores[parent];
        this.slots[i] = this.slots[parent];
        i = parent;
      }
      this.scores[i] = score;
      this.slots[i] = slot;
      return;
    }
    if (score <= this.scores[0]) return;
    // replace the root and sift down
    let i = 0;
    const n = this.count;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.scores[r] < this.scores[l] ? r : l;
      if (this.scores[c] >= score) break;
      this.scores[i] = this.scores[c];
      this.slots[i] = this.slots[c];
      i = c;
    }
    this.scores[i] = score;
    this.slots[i] = slot;
  }

  /** The kept rows, best first; ties keep the lower slot first so results are deterministic. */
  sorted(): Array<{ slot: number; score: number }> {
    const out: Array<{ slot: number; score: number }> = [];
    for (let i = 0; i < this.count; i++) out.push({ slot: this.slots[i], score: this.scores[i] });
    out.sort((a, b) => b.score - a.score || a.slot - b.slot);
    return out;
  }
}
