/** How ranked ballots are counted: Schulze (the default) or Borda. */
export type CountingMethod = 'schulze' | 'borda';

/**
 * One voter's ranking: groups best first, so `[["A"], ["B", "C"], ["D"]]` is A > B = C > D.
 * Candidates the ballot leaves out rank below all it names, equal among themselves; empty groups
 * are ignored, so `{ ranking: [] }` ranks nobody.
 */
export interface Ballot {
  ranking: string[][];
}

/**
 * The outcome of a count. Everything is keyed and ordered by candidate id in UTF-16 code-unit
 * order, so the same ballots give the same result on every client, whatever order they arrive in.
 */
export interface TallyResult {
  method: CountingMethod;
  /** The candidates, sorted by id. */
  candidates: string[];
  /** Best first; candidates the method cannot separate share a group (no tie-breaking here). */
  order: string[][];
  /** Every candidate once, best first: `order` with each group listed by candidate id. */
  ranking: string[];
  /** `pairwise[a][b]`: how many ballots rank a strictly above b (no entry for a against a). */
  pairwise: Record<string, Record<string, number>>;
  /** Schulze only: `strengths[a][b]`, the strength of the strongest path from a to b. */
  strengths?: Record<string, Record<string, number>>;
  /** Borda only: each candidate's points. */
  scores?: Record<string, number>;
  /**
   * In words: for each group of `order` with more than one member, how `ranking` lists it; for
   * Schulze also each candidate placed below one that does not beat it, and why.
   */
  tieBreaks: string[];
  ballots: number;
}

type Matrix = number[][];

/**
 * Counts ranked ballots. Schulze uses winning votes (a link a→b is as strong as d[a][b] when a
 * beats b, else absent) and groups each step's Schulze winners among the candidates not yet
 * placed. Borda gives a candidate, on each ballot, 1 point for each candidate ranked strictly
 * below it and ½ for each tied with it (unranked candidates are tied at the bottom).
 * Throws on a repeated or empty candidate id, or a ballot naming an unknown or repeated candidate.
 */
export function tally(method: CountingMethod, candidates: string[], ballots: Ballot[]): TallyResult {
  const ids = sortedIds(candidates);
  const index = new Map(ids.map((id, i) => [id, i]));
  const d = pairwiseCounts(
    ids.length,
    ballots.map((b, i) => ballotLevels(b, i, index)),
  );
  const count = method === 'schulze' ? schulze(ids, d) : method === 'borda' ? borda(ids, d, ballots.length) : null;
  if (!count) throw new Error(`Unknown counting method "${String(method)}" (expected "schulze" or "borda").`);
  const { order, ...details } = count;
  const pairwise = matrixRecord(ids, d);
  return { method, candidates: ids, order, ranking: order.flat(), pairwise, ...details, ballots: ballots.length };
}

type Count = Pick<TallyResult, 'order' | 'strengths' | 'scores' | 'tieBreaks'>;

// Ids are random strings, so their order favours no one in particular; code-unit order (not
// localeCompare) is the same on every client whatever its locale.
const RULE = 'ranking lists them by candidate id';
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function schulze(ids: string[], d: Matrix): Count {
  const p = strongestPaths(d);
  const beats = (a: number, b: number) => p[a]![b]! > p[b]![a]!;
  const groups = layers(ids.length, beats);
  const name = (i: number) => ids[i]!;
  const tied = groups
    .filter((g) => g.length > 1)
    .map((g) => {
      const [a, b] = g.map(name);
      const how =
        g.length === 2
          ? `p[${a}][${b}] = p[${b}][${a}] = ${p[g[0]!]![g[1]!]}`
          : 'between any two of them the strongest paths are equally strong both ways';
      return `${g.map(name).join(', ')}: tied under Schulze (${how}); ${RULE}.`;
    });
  // Schulze's relation is only a partial order: a candidate may tie with one placed above it and
  // still be placed lower, because another candidate above it beats it. Say so where it happens.
  const placed = groups.flatMap((group, k) =>
    group.flatMap((c) => {
      const unbeaten = groups
        .slice(0, k)
        .flat()
        .filter((x) => !beats(x, c));
      const by = groups[k - 1]?.find((z) => beats(z, c));
      if (unbeaten.length === 0 || by === undefined) return [];
      const [z, y] = [name(by), name(c)];
      return [
        `${y}: placed below ${unbeaten.map(name).join(', ')} although neither side beats the other ` +
          `(equal strongest paths both ways), because ${z}, in the group just above, beats it ` +
          `(p[${z}][${y}] = ${p[by]![c]} > p[${y}][${z}] = ${p[c]![by]}).`,
      ];
    }),
  );
  return { order: groups.map((g) => g.map(name)), strengths: matrixRecord(ids, p), tieBreaks: [...tied, ...placed] };
}

function borda(ids: string[], d: Matrix, ballots: number): Count {
  // Over all ballots, a's points against b are d[a][b] plus half the ballots tying them, which is
  // (ballots + d[a][b] - d[b][a]) / 2: integer sums halved once, so the scores are exact.
  const twice = d.map((row, a) => row.reduce((s, v, b) => (a === b ? s : s + ballots + v - d[b]![a]!), 0));
  const order = layers(ids.length, (a, b) => twice[a]! > twice[b]!).map((g) => g.map((i) => ids[i]!));
  const scores = Object.fromEntries(ids.map((id, i) => [id, twice[i]! / 2]));
  const tieBreaks = order
    .filter((g) => g.length > 1)
    .map((g) => `${g.join(', ')}: tied with ${scores[g[0]!]} points each; ${RULE}.`);
  return { order, scores, tieBreaks };
}

function sortedIds(candidates: string[]): string[] {
  const seen = new Set<string>();
  for (const c of candidates) {
    if (typeof c !== 'string' || c === '')
      throw new Error(`Candidate ids must be non-empty strings, got ${JSON.stringify(c)}.`);
    if (seen.has(c)) throw new Error(`Candidate "${c}" is listed twice.`);
    seen.add(c);
  }
  return [...seen].sort(byCodeUnits);
}

// Each candidate's level on one ballot (0 is best); the unranked share the level below the last group.
function ballotLevels(ballot: Ballot, position: number, index: Map<string, number>): number[] {
  const groups = ballot.ranking.filter((g) => g.length > 0);
  const levels = new Array<number>(index.size).fill(groups.length);
  const seen = new Set<string>();
  groups.forEach((group, level) => {
    for (const c of group) {
      const i = index.get(c);
      if (i === undefined) throw new Error(`Ballot ${position + 1}: unknown candidate ${JSON.stringify(c)}.`);
      if (seen.has(c)) throw new Error(`Ballot ${position + 1}: candidate "${c}" appears twice.`);
      seen.add(c);
      levels[i] = level;
    }
  });
  return levels;
}

function pairwiseCounts(n: number, ballots: number[][]): Matrix {
  const d = square(n);
  for (const levels of ballots)
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (levels[a]! < levels[b]!) d[a]![b]!++;
  return d;
}

// Widest paths by Floyd–Warshall, as in Schulze's paper (section 2.3), over winning-votes links.
function strongestPaths(d: Matrix): Matrix {
  const n = d.length;
  const p = d.map((row, a) => row.map((v, b) => (v > d[b]![a]! ? v : 0)));
  for (let k = 0; k < n; k++)
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++)
        if (a !== b && a !== k && b !== k) p[a]![b] = Math.max(p[a]![b]!, Math.min(p[a]![k]!, p[k]![b]!));
  return p;
}

// Groups best first: each group is the candidates no remaining candidate beats (for Schulze, the
// winners among those left), so no two candidates in a group beat one another and each candidate
// below the first group is beaten by one in the group just above it.
function layers(n: number, beats: (a: number, b: number) => boolean): number[][] {
  let left = Array.from({ length: n }, (_, i) => i);
  const out: number[][] = [];
  while (left.length > 0) {
    const top = left.filter((b) => !left.some((a) => beats(a, b)));
    // Unreachable while `beats` is transitive; a cycle would otherwise loop forever.
    if (top.length === 0) throw new Error('The counting relation has a cycle; this is a bug in tally.');
    out.push(top);
    left = left.filter((i) => !top.includes(i));
  }
  return out;
}

const square = (n: number): Matrix => Array.from({ length: n }, () => new Array<number>(n).fill(0));

// Object.fromEntries defines own properties, so an id such as "__proto__" is just a key.
function matrixRecord(ids: string[], m: Matrix): Record<string, Record<string, number>> {
  return Object.fromEntries(
    ids.map((a, i) => [a, Object.fromEntries(ids.flatMap((b, j) => (i === j ? [] : [[b, m[i]![j]!]])))]),
  );
}

/**
 * Reads a ranking written as text: groups best first separated by commas, tied candidates joined
 * by `=`, whitespace ignored; `"A, B = C, D"` is `[["A"], ["B", "C"], ["D"]]`. Blank text ranks
 * nobody. Throws on an empty item or a candidate written twice.
 */
export function parseRanking(text: string): string[][] {
  if (text.trim() === '') return [];
  const seen = new Set<string>();
  return text.split(',').map((group, g) =>
    group.split('=').map((item) => {
      const id = item.trim();
      if (id === '') throw new Error(`Ranking "${text}": group ${g + 1} ("${group.trim()}") has an empty item.`);
      if (seen.has(id)) throw new Error(`Ranking "${text}": "${id}" appears twice.`);
      seen.add(id);
      return id;
    }),
  );
}

/** The order as JSON shows it: a lone candidate as itself, a tied group as an array (`["A", ["B", "C"]]`). */
export function orderForJson(order: string[][]): Array<string | string[]> {
  return order.map((g) => (g.length === 1 ? g[0]! : [...g]));
}
