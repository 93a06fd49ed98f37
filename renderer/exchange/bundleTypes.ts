/**
 * TEMPORARY: a copy of the bundle API's types (/tmp/prompts/bundleApi14.md) while shared/workspace/bundles.ts
 * is built on h/bundles. Deleted once main has them: every import then points at shared/workspace.
 */
export class BundleRefused extends Error {
  override readonly name = 'BundleRefused';
}
export interface BundleProgress {
  phase: 'reading' | 'checking' | 'applying' | 'storing' | 'sealing';
  done: number;
  total: number;
}
export interface BundleExportOptions {
  since?: Uint8Array;
  compartments?: readonly string[];
  recipients?: readonly string[];
  onProgress?: (p: BundleProgress) => void;
}
export interface BundleExport {
  file: Uint8Array;
  bytes: number;
  envelopes: number;
  compartments: string[];
  recipients: string[];
}
export interface BundleSummary {
  exporter: { memberId: string; name: string };
  createdAt: number;
  authors: Array<{ memberId: string; name: string; envelopes: number }>;
  organizations: Array<{ orgId: string; name: string }>;
  notes: Array<{ docId: string; title: string }>;
}
export interface BundleImport {
  workspaceId: string;
  new: number;
  duplicates: number;
  rejected: number;
  warnings: string[];
  summary: BundleSummary;
}
