import { ACTIVITIES, leadAgencies, THREAT_LEVELS } from '../../shared/model';
import type { Activity, BoardFilter, BoardLane, ThreatLevel } from '../../shared/model';

/** Search (computed here, on this machine) and filters by lane, lead agency, activity and threat. */
export function BoardFilters({
  board,
  filter,
  onChange,
}: {
  board: BoardLane[];
  filter: BoardFilter;
  onChange: (f: BoardFilter) => void;
}) {
  const set = <K extends keyof BoardFilter>(key: K, value: string) =>
    onChange({ ...filter, [key]: value === '' ? undefined : value });
  const active = Object.values(filter).some((v) => v !== undefined && v !== '');
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
      <label>
        Lane
        <select value={filter.lane ?? ''} onChange={(e) => set('lane', e.target.value)}>
          <option value="">All lanes</option>
          {board.map((l) => (
            <option key={l.name}>{l.name}</option>
          ))}
        </select>
      </label>
      <label>
        Lead agency
        <select value={filter.agency ?? ''} onChange={(e) => set('agency', e.target.value)}>
          <option value="">All agencies</option>
          {leadAgencies(board).map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label>
        Activity
        <select value={filter.activity ?? ''} onChange={(e) => set('activity', e.target.value as Activity)}>
          <option value="">All activities</option>
          {ACTIVITIES.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label>
        Threat
        <select value={filter.threat ?? ''} onChange={(e) => set('threat', e.target.value as ThreatLevel)}>
          <option value="">All threat levels</option>
          {THREAT_LEVELS.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      {active && (
        <button type="button" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </div>
  );
}
