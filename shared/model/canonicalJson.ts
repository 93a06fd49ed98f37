/** JSON with object keys sorted at every depth: two equal workspaces export to identical bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Uint8Array) return Array.from(value);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A content document as plain data (by the model's convention every top-level type is a Y.Map). */
export function documentJson(doc: {
  share: Map<string, unknown>;
  getMap(name: string): { toJSON(): unknown };
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()].sort()) {
    const value = doc.getMap(name).toJSON() as Record<string, unknown>;
    // A type merely looked at (getMap on a reader) exists locally but empty: the same as absent.
    if (Object.keys(value).length > 0) out[name] = value;
  }
  return out;
}
