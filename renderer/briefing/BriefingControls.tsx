import type { CompartmentView } from '../../shared/membership';

export interface Draft {
  from: string;
  to: string;
  /** '' for everything this member holds. */
  audience: string;
}

/** The period and the audience of the briefing, each labelled; a bad period is said in one sentence. */
export function BriefingControls(props: {
  draft: Draft;
  compartments: readonly CompartmentView[];
  problem: string | null;
  onChange: (draft: Draft) => void;
}) {
  const { draft, onChange } = props;
  return (
    <form className="briefing-controls" aria-label="Briefing period and audience" onSubmit={(e) => e.preventDefault()}>
      <label>
        From
        <input type="date" value={draft.from} onChange={(e) => onChange({ ...draft, from: e.target.value })} />
      </label>
      <label>
        To
        <input type="date" value={draft.to} onChange={(e) => onChange({ ...draft, to: e.target.value })} />
      </label>
      <label>
        Audience
        <select value={draft.audience} onChange={(e) => onChange({ ...draft, audience: e.target.value })}>
          <option value="">Everything I hold</option>
          {props.compartments.map((c) => (
            <option key={c.compartmentId} value={c.compartmentId}>
              {c.title} ({c.marking})
            </option>
          ))}
        </select>
      </label>
      {props.problem && <p role="alert">{props.problem}</p>}
    </form>
  );
}
