import type * as Y from 'yjs';

import { createFact, existing, facts, newFactId, oneOf, OUTCOMES, str, writeFields } from './facts';
import type { Fact } from './facts';
import { organizationFact } from './organizations';
import { firstIssue, OUTCOME_KINDS, outcomeFields, SEIZURE_CATEGORIES } from './schema';
import type { OutcomeFields, OutcomeKind, SeizureFields } from './schema';

export interface Outcome extends OutcomeFields {
  id: string;
  org: string;
}

/** Records an arrest, seizure, indictment or entry-permission revocation against an organization. */
export function addOutcome(doc: Y.Doc, org: string, input: OutcomeFields, at = Date.now()): string {
  organizationFact(doc, org);
  const data = parse(input);
  const id = newFactId();
  doc.transact(() => createFact(facts(doc, OUTCOMES), id, { ...data, org }, at));
  return id;
}

export function updateOutcome(doc: Y.Doc, id: string, patch: Partial<OutcomeFields>, at = Date.now()): void {
  const fact = existing(doc, OUTCOMES, id, 'outcome');
  const data = parse({ ...readOutcome(id, fact), ...patch });
  doc.transact(() => writeFields(fact, { ...data, seizure: data.seizure }, at));
}

export function removeOutcome(doc: Y.Doc, id: string): void {
  existing(doc, OUTCOMES, id, 'outcome');
  facts(doc, OUTCOMES).delete(id);
}

export function readOutcome(id: string, fact: Fact): Outcome {
  const kind = oneOf<OutcomeKind>(OUTCOME_KINDS, fact.get('kind'), 'arrest');
  const seizure = kind === 'seizure' ? readSeizure(fact.get('seizure')) : undefined;
  return {
    id,
    org: str(fact, 'org'),
    kind,
    date: str(fact, 'date'),
    agency: str(fact, 'agency'),
    note: str(fact, 'note'),
    ...(seizure ? { seizure } : {}),
  };
}

function readSeizure(raw: unknown): SeizureFields | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return {
    category: oneOf(SEIZURE_CATEGORIES, r.category, 'narcotics'),
    ...(typeof r.drugKind === 'string' ? { drugKind: r.drugKind } : {}),
    ...(n(r.weightKg) !== undefined ? { weightKg: n(r.weightKg) } : {}),
    ...(n(r.count) !== undefined ? { count: n(r.count) } : {}),
    ...(n(r.amountUsd) !== undefined ? { amountUsd: n(r.amountUsd) } : {}),
  };
}

function parse(input: OutcomeFields): OutcomeFields {
  const parsed = outcomeFields.safeParse(input);
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  if (parsed.data.kind === 'seizure' && !parsed.data.seizure) throw new Error('a seizure says what was seized');
  // Seizure details belong to seizures only.
  return parsed.data.kind === 'seizure' ? parsed.data : { ...parsed.data, seizure: undefined };
}
