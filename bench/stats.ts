/** Quantile by linear interpolation between closest ranks (q in [0, 1]); NaN for no samples. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export interface Distribution {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(samples: readonly number[]): Distribution {
  const finite = samples.filter((x) => Number.isFinite(x));
  return {
    count: finite.length,
    p50: round(quantile(finite, 0.5)),
    p90: round(quantile(finite, 0.9)),
    p99: round(quantile(finite, 0.99)),
    max: round(finite.length ? Math.max(...finite) : Number.NaN),
    mean: round(finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN),
  };
}

/** Rounds for the JSON (3 significant decimals are plenty on a noisy machine); NaN becomes null there. */
export const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

export const ratio = (a: number, b: number): number => round(a / b, 3);

/** A deterministic PRNG (mulberry32) so every run makes the same edits. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export const formatCount = (n: number): string =>
  !Number.isFinite(n) ? '—' : n >= 100 ? Math.round(n).toLocaleString('en-US') : String(round(n, 1));

export const formatRatio = (r: number | null | undefined): string =>
  r === null || r === undefined || !Number.isFinite(r) ? '—' : `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;

/** A plain-text table with left-aligned first column and right-aligned others. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
