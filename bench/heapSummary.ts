import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * `npx tsx bench/heapSummary.ts FILE.heapsnapshot [--top 15] [--than OTHER.heapsnapshot]`: what
 * holds a page's heap (a snapshot written under UNITY_P3_HEAP_SNAPSHOT), as JSON: the bytes by
 * node type and by constructor, the biggest retainers (retained size from the dominator tree, with
 * a shortest path from the roots), and the bytes grouped by constructor and what holds them.
 * With `--than`, the constructors' bytes beside OTHER's (for a bare Y.Doc's share).
 *
 * A snapshot of a 100 MiB heap is several hundred MB of JSON: the number arrays are read straight
 * from the bytes; only the header and the strings go through JSON.parse.
 */
interface Meta {
  node_fields: string[];
  node_types: [string[], ...unknown[]];
  edge_fields: string[];
  edge_types: [string[], ...unknown[]];
}

export interface HeapGraph {
  nodeTypes: string[];
  edgeTypes: string[];
  /** Per node: its type (index into nodeTypes), name (index into strings), self size, first edge. */
  type: Uint8Array;
  name: Uint32Array;
  selfSize: Float64Array;
  firstEdge: Uint32Array;
  /** Per edge: its type, its name or index, and the node it points to (a node's number). */
  edgeType: Uint8Array;
  edgeName: Uint32Array;
  edgeTo: Uint32Array;
  strings: string[];
}

function numbersAfter(buffer: Buffer, key: string, count: number): Float64Array {
  const start = buffer.indexOf(`"${key}":[`);
  if (start < 0) throw new Error(`heap snapshot: no "${key}" array`);
  const out = new Float64Array(count);
  let at = start + key.length + 4;
  let n = 0;
  let value = 0;
  let digits = false;
  for (; n < count; at++) {
    const c = buffer[at]!;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits = true;
    } else if (digits) {
      out[n++] = value;
      value = 0;
      digits = false;
    }
  }
  return out;
}

export function readHeapSnapshot(path: string): HeapGraph {
  const buffer = readFileSync(path);
  const headerEnd = buffer.indexOf('"nodes":[');
  const header = JSON.parse(`${buffer.subarray(0, headerEnd).toString('utf8').replace(/,\s*$/, '')}}`) as {
    snapshot: { meta: Meta; node_count: number; edge_count: number };
  };
  const { meta, node_count: nodeCount, edge_count: edgeCount } = header.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nodes = numbersAfter(buffer, 'nodes', nodeCount * nf);
  const edges = numbersAfter(buffer, 'edges', edgeCount * ef);
  const stringsAt = buffer.indexOf('"strings":[');
  const strings = JSON.parse(
    buffer
      .subarray(stringsAt + '"strings":'.length)
      .toString('utf8')
      .replace(/\}\s*$/, ''),
  ) as string[];
  const field = (f: string) => meta.node_fields.indexOf(f);
  const [typeF, nameF, sizeF, countF] = [field('type'), field('name'), field('self_size'), field('edge_count')];
  const graph: HeapGraph = {
    nodeTypes: meta.node_types[0],
    edgeTypes: meta.edge_types[0],
    type: new Uint8Array(nodeCount),
    name: new Uint32Array(nodeCount),
    selfSize: new Float64Array(nodeCount),
    firstEdge: new Uint32Array(nodeCount + 1),
    edgeType: new Uint8Array(edgeCount),
    edgeName: new Uint32Array(edgeCount),
    edgeTo: new Uint32Array(edgeCount),
    strings,
  };
  let edge = 0;
  for (let i = 0; i < nodeCount; i++) {
    graph.type[i] = nodes[i * nf + typeF]!;
    graph.name[i] = nodes[i * nf + nameF]!;
    graph.selfSize[i] = nodes[i * nf + sizeF]!;
    graph.firstEdge[i] = edge;
    edge += nodes[i * nf + countF]!;
  }
  graph.firstEdge[nodeCount] = edge;
  const [eTypeF, eNameF, eToF] = [0, 1, 2].map((i) =>
    meta.edge_fields.indexOf(['type', 'name_or_index', 'to_node'][i]!),
  );
  for (let e = 0; e < edgeCount; e++) {
    graph.edgeType[e] = edges[e * ef + eTypeF!]!;
    graph.edgeName[e] = edges[e * ef + eNameF!]!;
    graph.edgeTo[e] = edges[e * ef + eToF!]! / nf;
  }
  return graph;
}

/** A node's class: the constructor's name for objects and closures, else its type in parentheses. */
export function className(g: HeapGraph, n: number): string {
  const type = g.nodeTypes[g.type[n]!]!;
  if (type === 'object' || type === 'closure' || type === 'native' || type === 'synthetic') {
    const name = g.strings[g.name[n]!] ?? '';
    const short = name.length > 60 ? `${name.slice(0, 57)}…` : name;
    return type === 'closure' ? `${short || '(anonymous)'}()` : short;
  }
  return `(${type})`;
}

/** An edge's name; `anyIndex` writes every element and hidden edge as `[]` (to group the holders of many). */
function edgeLabel(g: HeapGraph, e: number, anyIndex = false): string {
  const type = g.edgeTypes[g.edgeType[e]!]!;
  if (type === 'element' || type === 'hidden') return anyIndex ? '[]' : `[${g.edgeName[e]}]`;
  return String(g.strings[g.edgeName[e]!]);
}

/** Edges a retainer path and the dominator tree follow: weak ones hold nothing. */
const holds = (g: HeapGraph, e: number) => g.edgeTypes[g.edgeType[e]!] !== 'weak';

export interface Analysis {
  /** The dominator of each node (root: itself), its retained size, and the shortest path's parent edge. */
  idom: Uint32Array;
  retained: Float64Array;
  parentEdge: Int32Array;
  parent: Int32Array;
}

/** Dominators (Cooper, Harvey and Kennedy's iterative algorithm) and the BFS retainer paths from node 0. */
export function analyze(g: HeapGraph): Analysis {
  const n = g.type.length;
  // Depth-first post-order from the root.
  const post = new Uint32Array(n);
  const order = new Int32Array(n).fill(-1);
  const visited = new Uint8Array(n);
  const stack = new Uint32Array(n);
  const cursor = new Uint32Array(n);
  let top = 0;
  let count = 0;
  stack[top++] = 0;
  visited[0] = 1;
  cursor[0] = g.firstEdge[0]!;
  while (top > 0) {
    const v = stack[top - 1]!;
    let pushed = false;
    while (cursor[v]! < g.firstEdge[v + 1]!) {
      const e = cursor[v]!++;
      const w = g.edgeTo[e]!;
      if (visited[w] || !holds(g, e)) continue;
      visited[w] = 1;
      cursor[w] = g.firstEdge[w]!;
      stack[top++] = w;
      pushed = true;
      break;
    }
    if (!pushed) {
      top--;
      order[v] = count;
      post[count++] = v;
    }
  }
  // Predecessors (CSR) among reachable nodes.
  const inCount = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++)
    if (visited[v])
      for (let e = g.firstEdge[v]!; e < g.firstEdge[v + 1]!; e++) if (holds(g, e)) inCount[g.edgeTo[e]! + 1]!++;
  for (let v = 0; v < n; v++) inCount[v + 1]! += inCount[v]!;
  const preds = new Uint32Array(inCount[n]!);
  const fill = inCount.slice(0, n);
  for (let v = 0; v < n; v++)
    if (visited[v])
      for (let e = g.firstEdge[v]!; e < g.firstEdge[v + 1]!; e++) if (holds(g, e)) preds[fill[g.edgeTo[e]!]!++] = v;
  const UNDEF = 0xffffffff;
  const idom = new Uint32Array(n).fill(UNDEF);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = idom[a]!;
      while (order[b]! < order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let i = count - 2; i >= 0; i--) {
      const b = post[i]!;
      let next = UNDEF;
      for (let p = inCount[b]!; p < inCount[b + 1]!; p++) {
        const q = preds[p]!;
        if (idom[q] === UNDEF) continue;
        next = next === UNDEF ? q : intersect(q, next);
      }
      if (next !== UNDEF && idom[b] !== next) {
        idom[b] = next;
        changed = true;
      }
    }
  }
  const retained = Float64Array.from(g.selfSize);
  for (let i = 0; i < count - 1; i++) {
    const v = post[i]!;
    if (idom[v] !== UNDEF) retained[idom[v]!]! += retained[v]!;
  }
  // Shortest retainer paths: breadth first from the root.
  const parentEdge = new Int32Array(n).fill(-1);
  const parent = new Int32Array(n).fill(-1);
  const queue = new Uint32Array(n);
  const seen = new Uint8Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const v = queue[head++]!;
    for (let e = g.firstEdge[v]!; e < g.firstEdge[v + 1]!; e++) {
      const w = g.edgeTo[e]!;
      if (seen[w] || !holds(g, e)) continue;
      seen[w] = 1;
      parent[w] = v;
      parentEdge[w] = e;
      queue[tail++] = w;
    }
  }
  return { idom, retained, parentEdge, parent };
}

/** The last `hops` steps of the shortest path from the roots to `n`: `Class.edge → Class.edge → …`. */
export function retainerPath(g: HeapGraph, a: Analysis, n: number, hops: number, anyIndex = false): string {
  const steps: string[] = [];
  for (let v = n; a.parent[v]! >= 0 && steps.length < hops; v = a.parent[v]!) {
    steps.unshift(`${className(g, a.parent[v]!)}.${edgeLabel(g, a.parentEdge[v]!, anyIndex)}`);
  }
  return steps.join(' → ');
}

const MiB = 2 ** 20;
const mib = (bytes: number) => Math.round((bytes / MiB) * 100) / 100;

export function summarizeHeap(g: HeapGraph, top: number, than?: HeapGraph) {
  const a = analyze(g);
  const n = g.type.length;
  const byType = new Map<string, number>();
  const byClass = new Map<string, { count: number; bytes: number }>();
  const byHolder = new Map<string, number>();
  let total = 0;
  for (let v = 0; v < n; v++) {
    const size = g.selfSize[v]!;
    total += size;
    const type = g.nodeTypes[g.type[v]!]!;
    byType.set(type, (byType.get(type) ?? 0) + size);
    const c = className(g, v);
    const row = byClass.get(c) ?? { count: 0, bytes: 0 };
    row.count++;
    row.bytes += size;
    byClass.set(c, row);
    if (size > 0) {
      const key = `${c} ← ${retainerPath(g, a, v, 3, true)}`;
      byHolder.set(key, (byHolder.get(key) ?? 0) + size);
    }
  }
  // The biggest retainers: nodes retaining the most, skipping a node whose one dominated child
  // retains nearly all of it (the chain is shown once, at its deepest informative node).
  const big: number[] = [];
  const threshold = Math.max(total / 200, 256 * 1024);
  for (let v = 1; v < n; v++) if (a.retained[v]! >= threshold) big.push(v);
  const bigSet = new Set(big);
  const passOn = new Set<number>();
  for (const v of big) {
    const d = a.idom[v]!;
    if (bigSet.has(d) && a.retained[v]! >= 0.9 * a.retained[d]!) passOn.add(d);
  }
  const retainers = big
    .filter((v) => !passOn.has(v) && g.nodeTypes[g.type[v]!] !== 'synthetic')
    .sort((x, y) => a.retained[y]! - a.retained[x]!)
    .slice(0, top)
    .map((v) => ({
      node: className(g, v),
      retainedMiB: mib(a.retained[v]!),
      selfMiB: mib(g.selfSize[v]!),
      path: retainerPath(g, a, v, 8),
    }));
  const otherClasses = than ? classBytes(than) : null;
  const sortDesc = <T>(m: Map<string, T>, by: (t: T) => number) => [...m].sort((x, y) => by(y[1]) - by(x[1]));
  return {
    totalMiB: mib(total),
    // What DevTools' JSHeapUsedSize counts: native nodes (ArrayBuffer contents, wasm memory,
    // external strings, the DOM) live outside the JS heap.
    jsHeapMiB: mib(total - (byType.get('native') ?? 0) - (byType.get('synthetic') ?? 0)),
    byType: Object.fromEntries(sortDesc(byType, (x) => x).map(([k, v]) => [k, mib(v)])),
    retainers,
    constructors: sortDesc(byClass, (x) => x.bytes)
      .slice(0, top)
      .map(([c, { count, bytes }]) => ({
        constructor: c,
        count,
        MiB: mib(bytes),
        ...(otherClasses ? { thanMiB: mib(otherClasses.get(c) ?? 0) } : {}),
      })),
    heldBy: sortDesc(byHolder, (x) => x)
      .slice(0, top)
      .map(([what, bytes]) => ({ what, MiB: mib(bytes) })),
  };
}

function classBytes(g: HeapGraph): Map<string, number> {
  const out = new Map<string, number>();
  for (let v = 0; v < g.type.length; v++) out.set(className(g, v), (out.get(className(g, v)) ?? 0) + g.selfSize[v]!);
  return out;
}

if (process.argv[1]?.endsWith('heapSummary.ts')) {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '15' }, than: { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) {
    console.error('usage: npx tsx bench/heapSummary.ts FILE.heapsnapshot [--top N] [--than OTHER.heapsnapshot]');
    process.exit(1);
  }
  const than = values.than ? readHeapSnapshot(values.than) : undefined;
  console.log(JSON.stringify(summarizeHeap(readHeapSnapshot(file), Number(values.top), than), null, 1));
}
