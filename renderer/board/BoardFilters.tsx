import { useMemo } from 'react';

import { ACTIVITIES, leadAgencies, THREAT_LEVELS } from '../../shared/model';
import type { BoardLane } from '../../shared/model';
import type { BoardViewFilter } from './boardViewFilter';
import { Choice } from './Choice';

/**
 * Search (computed here, on this machine) and filters by lane, lead agency, activity, threat,
 * "releasable to …" (the compartment an organization lives in) and "changed since" a day, from the
 * cards' change logs, with how many cards that leaves.
 */
export function BoardFilters({
  board,
  filter,
  compartments,
  changedCount = null,
  onChange,
}: {
  board: BoardLane[];
  filter: BoardViewFilter;
  /** The compartments this member holds, as the filter names them. */
  compartments: ReadonlyArray<{ compartmentId: string; title: string }>;
  /** How many cards changed since `filter.changedSince`, when that is a date. */
  changedCount?: number | null;
  onChange: (f: BoardViewFilter) => void;
}) {
  const set = <K extends keyof BoardViewFilter>(key: K, value: string) =>
    onChange({ ...filter, [key]: value === '' ? undefined : value });
  const active = Object.values(filter).some((v) => v !== undefined && v !== '');
  // Every card's agency, read again only when the board changed (thousands of cards).
  const agencies = useMemo(() => leadAgencies(board), [board]);
  return (
    <div role="search" className="board-filters" aria-label="Search and filter the board">
      <label>
        Search
        <input
          type="search"
          value={filter.text ?? ''}
          onChange={(e) => set('text', e.target.value)}
          placeholder="Name, alias, phone, place…"
        />
      </label>
      <Choice
        label="Lane"
        options={board.map((l) => l.name)}
        none="All lanes"
        value={filter.lane ?? ''}
        onChange={(v) => set('lane', v)}
      />
      <Choice
        label="Lead agency"
        options={agencies}
        none="All agencies"
        value={filter.agency ?? ''}
        onChange={(v) => set('agency', v)}
      />
      <Choice
        label="Activity"
        options={ACTIVITIES}
        none="All activities"
        value={filter.activity ?? ''}
        onChange={(v) => set('activity', v)}
      />
      <Choice
        label="Threat"
        options={THREAT_LEVELS}
        none="All threat levels"
        value={filter.threat ?? ''}
        onChange={(v) => set('threat', v)}
      />
      {compartments.length > 1 && (
        <label>
          Releasable to
          <select value={filter.compartment ?? ''} onChange={(e) => set('compartment', e.target.value)}>
            <option value="">Any compartment</option>
            {compartments.map((c) => (
              <option key={c.compartmentId} value={c.compartmentId}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Changed since
        <input type="date" value={filter.changedSince ?? ''} onChange={(e) => set('changedSince', e.target.value)} />
      </label>
      {filter.changedSince && changedCount !== null && (
        <p role="status" className="changed-count">
          {changedCount === 1 ? '1 card' : `${changedCount} cards`} changed since {filter.changedSince}
        </p>
      )}
      {active && (
        <button type="button" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </div>
  );
}
