/**
 * A fact's marking, the compartment it lives in ("TLP:AMBER — REL TO Webb County SO"): a chip on a
 * card, a portion mark in parentheses beside a fact in the panel, as classified documents mark them.
 */
export function MarkingChip({ marking, portion = false }: { marking: string; portion?: boolean }) {
  return (
    <span className={portion ? 'portion-mark' : 'marking-chip'} data-tlp={tlpOf(marking)}>
      {portion ? `(${marking})` : marking}
    </span>
  );
}

/** The TLP label a marking starts with, for its colour; '' for a marking outside TLP's vocabulary. */
export const tlpOf = (marking: string): string =>
  /^TLP:(RED|AMBER\+STRICT|AMBER|GREEN|CLEAR)\b/.exec(marking)?.[1] ?? '';
