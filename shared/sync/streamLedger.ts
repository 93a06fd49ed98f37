/**
 * Which (author, replica, seq) an author's stream has had applied for one document, to tell a
 * replay (the same seq again) from a withheld update (a hole below the highest seq seen).
 */
export class StreamLedger {
  /** stream key → seqs applied one by one. */
  private readonly applied = new Map<string, Set<number>>();
  /** stream key → seqs folded into a snapshot we applied. */
  private readonly covered = new Map<string, Set<number>>();

  static key = (author: string, replica: number): string => `${author}/${replica}`;

  has(stream: string, seq: number): 'applied' | 'covered' | null {
    if (this.applied.get(stream)?.has(seq)) return 'applied';
    if (this.covered.get(stream)?.has(seq)) return 'covered';
    return null;
  }

  markApplied(stream: string, seq: number): void {
    let set = this.applied.get(stream);
    if (!set) this.applied.set(stream, (set = new Set()));
    set.add(seq);
  }

  markCovered(stream: string, seqs: Iterable<number>): void {
    let set = this.covered.get(stream);
    if (!set) this.covered.set(stream, (set = new Set()));
    for (const s of seqs) set.add(s);
  }

  /** Everything this ledger has seen, as stream → sorted seqs (what a snapshot covers). */
  all(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const source of [this.applied, this.covered]) {
      for (const [stream, seqs] of source) {
        const merged = new Set([...(out.get(stream) ?? []), ...seqs]);
        out.set(
          stream,
          [...merged].sort((a, b) => a - b),
        );
      }
    }
    return out;
  }

  /** Streams with holes: stream → missing seqs below the highest one seen. */
  gaps(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const [stream, seqs] of this.all()) {
      const max = seqs[seqs.length - 1] ?? 0;
      const present = new Set(seqs);
      const missing: number[] = [];
      for (let s = 1; s <= max && missing.length < 100; s++) if (!present.has(s)) missing.push(s);
      if (missing.length > 0) out.set(stream, missing);
    }
    return out;
  }
}
