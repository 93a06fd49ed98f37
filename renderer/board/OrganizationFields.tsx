import { ACTIVITIES, ORG_STATUSES, THREAT_LEVELS } from '../../shared/model';
import type { Activity, Organization, OrganizationFields as Fields } from '../../shared/model';
import { useBoardContext } from './boardContext';
import { Choice } from './Choice';
import { splitList, TextField } from './TextField';

const AGENCIES_LIST = 'known-agencies';

/** Every field of an organization; each change is one signed edit with my name on it. */
export function OrganizationFields({ org }: { org: Organization }) {
  const { board, canEdit, attempt, errors, client, profile } = useBoardContext();
  const update = (patch: Partial<Fields>) => attempt('fields', () => board.updateOrganization(org.id, patch));
  // The agencies at this table, as their members signed them: suggestions for the lead agency.
  const agencies = new Set([...client.api.roster.members.keys()].map((m) => profile(m)?.agency ?? ''));
  return (
    <section className="org-fields" aria-label="Organization details">
      <h3>Details</h3>
      <div className="field-grid">
        <TextField
          label="Name"
          value={org.name}
          onCommit={(v) => update({ name: v })}
          disabled={!canEdit}
          maxLength={200}
        />
        <TextField
          label="Aliases"
          hint="Separated by commas"
          value={org.aliases.join(', ')}
          onCommit={(v) => update({ aliases: splitList(v) })}
          disabled={!canEdit}
        />
        <Choice
          className="field"
          label="Lane"
          options={board.lanes()}
          value={org.lane}
          disabled={!canEdit}
          onChange={(l) => attempt('fields', () => board.moveOrganization(org.id, { lane: l }))}
        />
        <Choice
          className="field"
          label="Threat level"
          options={THREAT_LEVELS}
          value={org.threat}
          disabled={!canEdit}
          onChange={(t) => update({ threat: t as Fields['threat'] })}
        />
        <Choice
          className="field"
          label="Status"
          options={ORG_STATUSES}
          value={org.status}
          disabled={!canEdit}
          onChange={(v) => update({ status: v as Fields['status'] })}
        />
        <TextField
          label="Lead agency"
          value={org.leadAgency}
          onCommit={(v) => update({ leadAgency: v })}
          disabled={!canEdit}
          list={AGENCIES_LIST}
        />
        <TextField
          label="Sectors"
          hint="Separated by commas"
          value={org.sectors.join(', ')}
          onCommit={(v) => update({ sectors: splitList(v) })}
          disabled={!canEdit}
        />
        <TextField
          label="Cities"
          hint="Separated by commas"
          value={org.cities.join(', ')}
          onCommit={(v) => update({ cities: splitList(v) })}
          disabled={!canEdit}
        />
      </div>
      <fieldset className="activities" disabled={!canEdit}>
        <legend>Activities</legend>
        {ACTIVITIES.map((a) => (
          <label key={a} className="check">
            <input
              type="checkbox"
              checked={org.activities.includes(a)}
              onChange={(e) => {
                const next: Activity[] = e.target.checked
                  ? ACTIVITIES.filter((x) => x === a || org.activities.includes(x))
                  : org.activities.filter((x) => x !== a);
                update({ activities: next });
              }}
            />
            {a}
          </label>
        ))}
      </fieldset>
      <TextField
        label="Summary"
        value={org.summary}
        onCommit={(v) => update({ summary: v })}
        multiline
        disabled={!canEdit}
        maxLength={4000}
      />
      {errors.fields && <p role="alert">{errors.fields}</p>}
      <datalist id={AGENCIES_LIST}>
        {[...agencies]
          .filter((a) => a.length > 0)
          .sort()
          .map((a) => (
            <option key={a} value={a} />
          ))}
      </datalist>
    </section>
  );
}
