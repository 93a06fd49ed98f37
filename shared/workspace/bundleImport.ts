import * as Y from 'yjs';

import { BundleRefused } from '../bundles';
import type { BundleContent, BundleProgress } from '../bundles';
import { memberIdOf, toBase64Url } from '../crypto';
import { compartmentMembers } from '../membership';
import { parseEnvelope } from '../protocol';
import type { SyncReport, SyncReportCode } from '../sync';
import { inDocumentList, reachOf, waitsIn } from './bundleItems';
import { BundleLog } from './bundleLog';
import { changesBetween, memberName, pictureOf } from './bundleSummary';
import type { OpenWorkspace } from './OpenWorkspace';

export interface BundleSummary {
  /** Name from the signed profile, else a short id. */
  exporter: { memberId: string; name: string };
  /** As the exporter signed it: shown, never trusted for order. */
  createdAt: number;
  /** Whose new envelopes (by their signed headers), how many. */
  authors: Array<{ memberId: string; name: string; envelopes: number }>;
  /** Organizations whose card or facts changed. */
  organizations: Array<{ orgId: string; name: string }>;
  /** Notes that changed. */
  notes: Array<{ docId: string; title: string }>;
}

export interface BundleImport {
  workspaceId: string;
  /** Envelopes applied now. */
  new: number;
  /** Envelopes already held (by Yjs id, or an envelope with the same signature already applied). */
  duplicates: number;
  /** Envelopes the checks refused (each check as from the wire). */
  rejected: number;
  /** One line each: held back, rooms not held, … */
  warnings: string[];
  summary: BundleSummary;
}

/** The origin of a bundle's updates: like the relay's, not this member's own edits. */
export const BUNDLE_ORIGIN = Symbol('unity-table/bundle');

/** Reports that say an envelope was not applied now: refused (errors), a replay, or held back. */
const HELD_BACK = new Set<SyncReportCode>(['unknown-author', 'missing-key', 'outside-compartment']);
const ERRORS = new Set<SyncReportCode>([
  'malformed',
  'wrong-workspace',
  'wrong-document',
  'bad-signature',
  'read-only-author',
  'undecryptable',
  'bad-update',
  'beyond-cut',
  'equivocation',
  'wrong-scope',
]);

/**
 * Applies a checked bundle: the directory first (a new roster or keys may open rooms), then each
 * room held, with a non-local origin, every document of each room open so every entry is checked
 * as the wire's are; waits for the local stores; then logs the bundle as imported.
 */
export async function applyBundle(
  ow: OpenWorkspace,
  content: BundleContent,
  onProgress?: (p: BundleProgress) => void,
): Promise<BundleImport> {
  const exporterId = memberIdOf({ signPublicKey: content.exporter });
  const log = await BundleLog.open(ow);
  try {
    const logKey = `${exporterId}/${toBase64Url(content.bundleId)}`;
    const at = log.importedAt(logKey);
    if (at !== null) throw new BundleRefused(`this bundle was already imported on ${when(at)}: nothing changed`);

    // What was there before reports before: only what the bundle brings is counted.
    openEveryDocument(ow);
    const before = pictureOf(ow);
    const totalsBefore = new Map(ow.workspace.reportTotals);
    const reportsBefore = ow.workspace.reports.length;
    const rooms = content.sections.filter((s) => s.room !== '');
    const items = new Map<(typeof rooms)[number], { entries: Y.Item[]; reach: Map<number, number> }>();
    for (const s of rooms) {
      const decoded = Y.decodeUpdate(s.data);
      items.set(s, { entries: entriesIn(decoded), reach: reachOf(decoded) });
    }
    const total = [...items.values()].reduce((n, { entries }) => n + entries.length, 0);
    onProgress?.({ phase: 'checking', done: 0, total });

    const warnings: string[] = [];
    const directory = content.sections.find((s) => s.room === '');
    if (directory) apply(ow.transport, directory.data, 'the directory', warnings);
    await ow.stored(); // rooms the new roster opened have loaded their local copies

    const fresh = new Map<string, number>();
    let duplicates = 0;
    let done = 0;
    let waiting = false;
    for (const section of rooms) {
      const { entries, reach } = items.get(section)!;
      const room = ow.workspace.room(section.room);
      if (!room) {
        if (entries.length > 0)
          warnings.push(`${entries.length} envelopes of compartment ${section.room}: you are not in it, not imported`);
        continue;
      }
      // The relay lets nobody write to a room of a compartment it is not in; nor does a bundle. (The
      // roster now holds the bundle's directory section: the one its exporter was judged by.)
      if (!compartmentMembers(ow.workspace.roster, section.room).has(exporterId)) {
        warnings.push(
          `${entries.length} envelopes of compartment ${section.room}: its exporter is not in it, not imported`,
        );
        continue;
      }
      const store = room.transport.store;
      const arriving: Y.Item[] = [];
      for (const item of entries) {
        if (item.id.clock < Y.getState(store, item.id.client)) duplicates++;
        else arriving.push(item);
      }
      apply(room.transport, section.data, `compartment ${section.room}`, warnings);
      // Only entries of envelope lists are anyone's: the channels check their signatures (and report them).
      for (const item of arriving)
        if (inDocumentList(room.transport, item.id)) fresh.set(authorOf(item), (fresh.get(authorOf(item)) ?? 0) + 1);
      for (const id of room.documentIds()) room.document(id);
      waiting ||= waitsIn(room.transport, reach);
      done += entries.length;
      onProgress?.({ phase: 'applying', done, total });
      await ow.stored(); // the host may draw the progress between rooms
    }
    onProgress?.({ phase: 'storing', done, total });
    await ow.stored();

    const counted = countReports(ow, totalsBefore, ow.workspace.reports.slice(reportsBefore));
    warnings.push(...counted.warnings);
    duplicates += counted.replayed;
    const notApplied = counted.rejected + counted.replayed + counted.heldBack;
    const freshTotal = [...fresh.values()].reduce((n, v) => n + v, 0);
    const authors = [...fresh]
      .map(([memberId, n]) => ({
        memberId,
        name: memberName(ow, memberId),
        envelopes: Math.max(0, n - (counted.perAuthor.get(memberId) ?? 0)),
      }))
      .filter((a) => a.envelopes > 0);
    const changes = changesBetween(ow, before, pictureOf(ow));

    if (waiting)
      warnings.push(
        'part of this bundle waits for an earlier one not imported yet: import that one; this one can be imported again',
      );
    else await log.record(logKey, Date.now());
    return {
      workspaceId: ow.workspaceId,
      new: Math.max(0, freshTotal - notApplied),
      duplicates,
      rejected: counted.rejected,
      warnings,
      summary: {
        exporter: { memberId: exporterId, name: memberName(ow, exporterId) },
        createdAt: content.createdAt,
        authors,
        ...changes,
      },
    };
  } finally {
    await log.close();
  }
}

/**
 * Applies one section as the relay's updates are applied. An update Yjs throws on half-way (the
 * exporter's junk: Yjs has no rollback) leaves what it applied, as it would from the wire, and says so.
 */
function apply(transport: Y.Doc, update: Uint8Array, what: string, warnings: string[]): void {
  try {
    Y.applyUpdate(transport, update, BUNDLE_ORIGIN);
  } catch {
    warnings.push(`the part for ${what} is not a valid update: it may have been applied only in part`);
  }
}

function openEveryDocument(ow: OpenWorkspace): void {
  for (const room of ow.workspace.rooms().values()) for (const id of room.documentIds()) room.document(id);
}

/** The list entries (binary items: envelopes) an update carries. */
export function entriesOf(update: Uint8Array): Y.Item[] {
  return entriesIn(Y.decodeUpdate(update));
}

function entriesIn(update: ReturnType<typeof Y.decodeUpdate>): Y.Item[] {
  return update.structs.filter((s): s is Y.Item => s instanceof Y.Item && s.content instanceof Y.ContentBinary);
}

/** The author an entry's header claims (its signature is the channel's to check), or "" for junk. */
function authorOf(item: Y.Item): string {
  try {
    return memberIdOf({ signPublicKey: parseEnvelope(item.content.getContent()[0]).header.author });
  } catch {
    return '';
  }
}

/** What the checks said while the bundle was applied: per code and author, from the workspace's totals. */
function countReports(ow: OpenWorkspace, before: ReadonlyMap<string, number>, kept: SyncReport[]) {
  let rejected = 0;
  let replayed = 0;
  let heldBack = 0;
  const perAuthor = new Map<string, number>();
  const byCode = new Map<SyncReportCode, number>();
  for (const [source, total] of ow.workspace.reportTotals) {
    const n = total - (before.get(source) ?? 0);
    if (n <= 0) continue;
    const space = source.indexOf(' ');
    const code = source.slice(0, space) as SyncReportCode;
    const author = source.slice(space + 1);
    const level = kept.find((r) => r.code === code)?.level ?? (ERRORS.has(code) ? 'error' : 'warning');
    if (level === 'error') rejected += n;
    else if (code === 'replayed') replayed += n;
    else if (HELD_BACK.has(code) || code === 'read-only-author') heldBack += n;
    if (level === 'error' || code === 'replayed' || HELD_BACK.has(code) || code === 'read-only-author')
      perAuthor.set(author, (perAuthor.get(author) ?? 0) + n);
    if (level === 'warning' && code !== 'replayed') byCode.set(code, (byCode.get(code) ?? 0) + n);
  }
  const warnings = [...byCode].map(([code, n]) => {
    const example = kept.find((r) => r.code === code)?.message;
    return `${n} × ${code}${example ? `: ${example}` : ''}`;
  });
  return { rejected, replayed, heldBack, perAuthor, warnings };
}

/** "2026-12-01 14:03 UTC": when a bundle was imported, to the minute. */
const when = (at: number): string => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
