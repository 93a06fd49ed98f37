import type { CompartmentView } from '../../shared/membership';
import type { BundleExportOptions } from '../../shared/workspace';

/** What the export dialog asks for: whole compartments, or the people the stick is for. */
export type ExportChoice =
  { by: 'compartments'; compartments: readonly string[] } | { by: 'recipients'; recipients: readonly string[] };

/** Everyone I could seal a bundle for: the other current members of the compartments I hold, each once. */
export function recipientCandidates(held: readonly CompartmentView[], me: string): string[] {
  const ids = new Set(held.flatMap((c) => c.members));
  ids.delete(me);
  return [...ids];
}

/**
 * The compartments a bundle for these recipients carries: those I hold that every one of them is in.
 * A room one recipient is not in stays home, so a stick made for a partner and a colleague holds only
 * what the partner may read too (issue 14: "holds nothing from compartments the partner is not in").
 */
export function compartmentsFor(recipients: readonly string[], held: readonly CompartmentView[]): string[] {
  return held.filter((c) => recipients.every((r) => c.members.includes(r))).map((c) => c.compartmentId);
}

/** The export's options for a choice (the state file and progress are added by the caller), or why it cannot be made. */
export function exportOptions(
  choice: ExportChoice,
  held: readonly CompartmentView[],
): { ok: true; options: BundleExportOptions } | { ok: false; error: string } {
  if (choice.by === 'compartments') {
    if (choice.compartments.length === 0) return { ok: false, error: 'Choose at least one compartment to carry.' };
    return { ok: true, options: { compartments: choice.compartments } };
  }
  if (choice.recipients.length === 0) return { ok: false, error: 'Choose at least one person to carry it to.' };
  const compartments = compartmentsFor(choice.recipients, held);
  if (compartments.length === 0)
    return { ok: false, error: 'These people share no compartment with you and with each other: choose fewer.' };
  return { ok: true, options: { compartments, recipients: choice.recipients } };
}
