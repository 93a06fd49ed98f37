import { useState } from 'react';
import type { FormEvent } from 'react';

import { COMPARTMENT_KINDS, compartmentMembers } from '../../shared/membership';
import type { CompartmentKind } from '../../shared/membership';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { formText } from '../app/forms';
import { defaultTlp, markingOf, TLP_LABELS } from './compartmentMarking';
import type { TlpLabel } from './compartmentMarking';
import { CompartmentGrid } from './CompartmentGrid';
import { compartmentTitles } from './compartmentTitles';

/**
 * For admins (ADR 0012 §8): make compartments, add and take out members (taking out rotates the
 * compartment's key), and the grid of who can read what.
 */
export function CompartmentsSection({
  client,
  attempt,
  nameOf,
}: {
  client: WorkspaceClient;
  attempt: (action: () => unknown) => void;
  nameOf: (memberId: string) => string;
}) {
  const { api } = client;
  const roster = api.roster;
  const [kind, setKind] = useState<CompartmentKind>('releasable');
  const [tlp, setTlp] = useState<TlpLabel>(defaultTlp('releasable'));
  const titles = compartmentTitles(api);
  // Partners go in releasable compartments (the core is in those anyway), core members in restricted ones.
  const listable = (k: CompartmentKind) =>
    [...roster.members.values()].filter((m) => (k === 'releasable') === (m.role === 'partner'));
  const others = [...roster.compartments.values()].filter((c) => c.kind !== 'core');

  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const title = formText(form, 'title').trim();
    const members = form.getAll('members').filter((v): v is string => typeof v === 'string');
    attempt(() => {
      api.createCompartment({ kind, title, marking: markingOf(tlp, formText(form, 'audience'), kind, title), members });
      formEl.reset();
    });
  };

  return (
    // Folded by default, as the invites are: the roster stays the first thing on the tab.
    <details className="compartments">
      <summary>Compartments ({roster.compartments.size})</summary>
      <p className="note">
        Each compartment has keys of its own: a member outside it never holds them, and the relay never hands it the
        compartment&rsquo;s content.
      </p>
      <CompartmentGrid client={client} titles={titles} nameOf={nameOf} />
      {others.map((c) => {
        const title = titles.get(c.compartmentId) ?? 'a compartment you are not in';
        const inIt = compartmentMembers(roster, c.compartmentId);
        const listed = [...c.listed].filter((m) => inIt.has(m));
        const addable = listable(c.kind as CompartmentKind).filter((m) => !inIt.has(m.memberId));
        return (
          <div key={c.compartmentId} className="compartment" aria-label={`Compartment ${title}`} role="group">
            <h4>
              {title} <span className="note">({c.kind})</span>
            </h4>
            <ul>
              {listed.map((m) => (
                <li key={m}>
                  {nameOf(m)}{' '}
                  <button
                    type="button"
                    onClick={() =>
                      window.confirm(
                        `Take ${nameOf(m)} out of ${title}? This rotates its key: they will read nothing written there from now on, and keep what they already saw.`,
                      ) && attempt(() => api.removeFromCompartment(c.compartmentId, m))
                    }
                  >
                    Remove {nameOf(m)} from {title}
                  </button>
                </li>
              ))}
            </ul>
            {addable.length > 0 && (
              <form
                className="inline"
                aria-label={`Add to ${title}`}
                onSubmit={(e) => {
                  e.preventDefault();
                  const member = formText(new FormData(e.currentTarget), 'member');
                  attempt(() => api.addToCompartment(c.compartmentId, member));
                }}
              >
                <label>
                  Member to add to {title}
                  <select name="member">
                    {addable.map((m) => (
                      <option key={m.memberId} value={m.memberId}>
                        {nameOf(m.memberId)}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit">Add to {title}</button>
              </form>
            )}
          </div>
        );
      })}
      <form onSubmit={create} aria-label="New compartment">
        <h4>New compartment</h4>
        <label>
          Compartment title
          <input name="title" required maxLength={80} placeholder="Webb County SO" />
        </label>
        <label>
          Kind
          <select
            value={kind}
            onChange={(e) => {
              const next = e.target.value as CompartmentKind;
              setKind(next);
              setTlp(defaultTlp(next));
            }}
          >
            {COMPARTMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'releasable'
                  ? 'releasable (the task force and chosen partners)'
                  : 'restricted (named core members)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          TLP label
          <select value={tlp} onChange={(e) => setTlp(e.target.value as TlpLabel)}>
            {TLP_LABELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          Audience
          <input
            name="audience"
            maxLength={60}
            placeholder={kind === 'releasable' ? 'REL TO (the title)' : '(the title)'}
          />
        </label>
        <fieldset>
          <legend>{kind === 'releasable' ? 'Partners in it' : 'Core members in it (you are in it)'}</legend>
          {listable(kind).map((m) => (
            <label key={m.memberId} className="check">
              <input type="checkbox" name="members" value={m.memberId} /> {nameOf(m.memberId)}
            </label>
          ))}
        </fieldset>
        <button type="submit">Create compartment</button>
      </form>
    </details>
  );
}
