/** Closed intervals of seqs, sorted and disjoint: a claim of a billion seqs is two numbers. */
type Runs = Array<[start: number, end: number]>;

function addRun(runs: Runs, start: number, end: number): void {
  let i = 0;
  while (i < runs.length && runs[i]![1] < start - 1) i++;
  let j = i;
  while (j < runs.length && runs[j]![0] <= end + 1) {
    start = Math.min(start, runs[j]![0]);
    end = Math.max(end, runs[j]![1]);
    j++;
  }
  runs.splice(i, j - i, [start, end]);
}

const within = (runs: Runs | undefined, seq: number): boolean =>
  runs?.some(([start, end]) => start <= seq && seq <= end) ?? false;

/**
 * Which seqs of each (author, replica) stream of one document arrived (applied one by one) or were
 * folded into a snapshot we applied (covered), to tell a withheld update (a hole below the highest
 * seq seen) from one that was compacted away. Kept as intervals, never expanded.
 */
export class StreamLedger {
  private readonly applied = new Map<string, Runs>();
  private readonly covered = new Map<string, Runs>();

  static key = (author: string, replica: number): string => `${author}/${replica}`;

  markApplied(stream: string, seq: number): void {
    this.mark(this.applied, stream, seq, seq);
  }

  markCovered(stream: string, start: number, end: number): void {
    this.mark(this.covered, stream, start, end);
  }

  isCovered(stream: string, seq: number): boolean {
    return within(this.covered.get(stream), seq);
  }

  /** Everything seen of `stream`, applied or covered, as intervals (what an own snapshot covers). */
  runs(stream: string): Runs {
    const out: Runs = [];
    for (const source of [this.applied, this.covered]) for (const [s, e] of source.get(stream) ?? []) addRun(out, s, e);
    return out;
  }

  /** Every stream seen, by key. */
  streams(): string[] {
    return [...new Set([...this.applied.keys(), ...this.covered.keys()])];
  }

  /** Streams with holes: stream → up to 100 missing seqs below the highest one seen. */
  gaps(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const stream of this.streams()) {
      const missing: number[] = [];
      let next = 1;
      for (const [start, end] of this.runs(stream)) {
        for (let s = next; s < start && missing.length < 100; s++) missing.push(s);
        next = end + 1;
      }
      if (missing.length > 0) out.set(stream, missing);
    }
    return out;
  }

  private mark(map: Map<string, Runs>, stream: string, start: number, end: number): void {
    let runs = map.get(stream);
    if (!runs) map.set(stream, (runs = []));
    addRun(runs, start, end);
  }
}
