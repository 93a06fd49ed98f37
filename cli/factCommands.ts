import { ENTITY_KINDS, OUTCOME_KINDS } from '../shared/model';
import type { EntityFields, OutcomeFields } from '../shared/model';
import { need, PROFILE, WORKSPACE, withSession } from './commandKit';
import type { CommandSpec, FlagSpec } from './commandKit';
import { calendarDay, seizureOf } from './outcomeSeizure';
import { Profile } from './Profile';

/**
 * A network entry and an outcome from scripts: each lands in the room of its organization's shown
 * copy (ADR 0012 §6), signed as added there; what a partner adds is in its compartment.
 */
const ORG: FlagSpec = { name: 'org', value: 'ORG_ID', required: true, about: 'the organization id (from org list)' };

const entityAdd: CommandSpec = {
  words: 'entity add',
  flags: [
    PROFILE,
    WORKSPACE,
    ORG,
    { name: 'kind', value: 'KIND', required: true, about: `what it is: ${ENTITY_KINDS.join(', ')}` },
    { name: 'name', value: 'NAME', required: true, about: 'its name or number' },
    { name: 'detail', value: 'TEXT', default: '', about: 'what is known of it' },
    {
      name: 'alias',
      value: 'NAME',
      repeatable: true,
      about: 'another name a person goes by, once per alias (matched like the name)',
    },
  ],
  prints: '`{"entityId","compartmentId"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const org = need(flags, 'org');
    const aliases = flags['alias']?.split('\n');
    if (aliases && flags['kind'] !== 'person') throw new Error('--alias is for a person only');
    const fields = {
      kind: need(flags, 'kind'),
      name: need(flags, 'name'),
      detail: flags['detail'] ?? '',
      ...(aliases ? { aliases } : {}),
    };
    return {
      json: await withSession(profile, need(flags, 'workspace'), (_s, api) => {
        const entityId = api.board.addEntity(org, fields as EntityFields);
        const shown = api.board.network(org).entities.find((e) => e.id === entityId);
        return { entityId, compartmentId: shown?.compartmentId ?? null };
      }),
    };
  },
};

const outcomeAdd: CommandSpec = {
  words: 'outcome add',
  flags: [
    PROFILE,
    WORKSPACE,
    ORG,
    { name: 'kind', value: 'KIND', required: true, about: `what was achieved: ${OUTCOME_KINDS.join(', ')}` },
    { name: 'date', value: 'YYYY-MM-DD', required: true, about: 'when' },
    { name: 'agency', value: 'AGENCY', required: true, about: 'the agency that achieved it' },
    { name: 'drug', value: 'KIND', about: 'a narcotics seizure: what was seized (e.g. methamphetamine)' },
    { name: 'kg', value: 'N', about: 'with --drug: how many kilograms' },
    { name: 'weapons', value: 'N', about: 'a weapons seizure: how many' },
    { name: 'usd', value: 'N', about: 'a currency seizure: how many US dollars' },
    { name: 'note', value: 'TEXT', default: '', about: 'what happened' },
  ],
  prints:
    '`{"outcomeId","compartmentId"}` (a seizure takes exactly one of `--drug` with `--kg`, `--weapons`, `--usd`; a refusal is one line, exit 1)',
  async run(flags, ctx) {
    const org = need(flags, 'org');
    const kind = need(flags, 'kind');
    const seizure = seizureOf(kind, flags);
    const fields = {
      kind,
      date: calendarDay(need(flags, 'date')),
      agency: need(flags, 'agency'),
      note: flags['note'] ?? '',
      ...(seizure ? { seizure } : {}),
    };
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    return {
      json: await withSession(profile, need(flags, 'workspace'), (_s, api) => {
        const outcomeId = api.board.addOutcome(org, fields as OutcomeFields);
        const shown = api.board.outcomes(org).find((o) => o.id === outcomeId);
        return { outcomeId, compartmentId: shown?.compartmentId ?? null };
      }),
    };
  },
};

export const factCommands: readonly CommandSpec[] = [entityAdd, outcomeAdd];
