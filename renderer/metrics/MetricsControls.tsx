import type { OutcomeRow } from '../../shared/metrics';
import { filterOptions } from './metricsFilter';
import type { MetricsQuery } from './metricsFilter';

/** The period, its granularity, and filters by organization, agency and lane. */
export function MetricsControls({
  rows,
  lanes,
  query,
  onChange,
}: {
  rows: readonly OutcomeRow[];
  lanes: readonly string[];
  query: MetricsQuery;
  onChange: (q: MetricsQuery) => void;
}) {
  const { orgs, agencies } = filterOptions(rows);
  const set = <K extends keyof MetricsQuery>(key: K, value: MetricsQuery[K]) => onChange({ ...query, [key]: value });
  return (
    <form className="metrics-controls" aria-label="What to count" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>Per</legend>
        {(['week', 'month'] as const).map((g) => (
          <label key={g}>
            <input
              type="radio"
              name="granularity"
              value={g}
              checked={query.granularity === g}
              onChange={() => set('granularity', g)}
            />
            {g === 'week' ? 'Week' : 'Month'}
          </label>
        ))}
      </fieldset>
      <label>
        From
        <input type="date" value={query.from} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={query.to} onChange={(e) => set('to', e.target.value)} />
      </label>
      <label>
        Organization
        <select value={query.org} onChange={(e) => set('org', e.target.value)}>
          <option value="">All organizations</option>
          {orgs.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Agency
        <select value={query.agency} onChange={(e) => set('agency', e.target.value)}>
          <option value="">All agencies</option>
          {agencies.map(([key, name]) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Lane
        <select value={query.lane} onChange={(e) => set('lane', e.target.value)}>
          <option value="">All lanes</option>
          {lanes.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
    </form>
  );
}
