import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * `npx tsx bench/profileSummary.ts FILE.cpuprofile [--top 25]`: where a CPU profile (a P3 or P5
 * profile written under UNITY_P3_PROFILE, UNITY_P3_OPEN_PROFILE or UNITY_P5_PROFILE) spent its
 * time, as JSON: the functions with the most self time, and with the most total time (self and
 * callees, each function counted once per stack).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  fn: string;
  ms: number;
  share: number;
}

export function summarizeProfile(
  profile: Profile,
  top: number,
): { totalMs: number; self: ProfileRow[]; total: ProfileRow[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const file = n.callFrame.url.split('/').pop() || '(native)';
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    totalUs += dt;
    const node = byId.get(id);
    if (!node) return;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  });
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10, share: Math.round((us / totalUs) * 1000) / 1000 }));
  return { totalMs: Math.round(totalUs / 1000), self: rows(self), total: rows(total) };
}

if (process.argv[1]?.endsWith('profileSummary.ts')) {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '25' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) {
    console.error('usage: npx tsx bench/profileSummary.ts FILE.cpuprofile [--top N]');
    process.exit(1);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  console.log(JSON.stringify(summarizeProfile(profile, Number(values.top)), null, 1));
}
