import { describe, expect, it } from 'vitest';

import type { ReportMatch } from '../../shared/reports';
import { matchLine, moment, reportLabel, stepLine } from './reportText';
import type { Namer } from './reportText';
import { boardMatch, fieldReport } from './testReports';

const earlier = fieldReport('r0', Date.UTC(2026, 11, 1, 9, 30), {
  compartmentId: 'c',
  text: 'Grey pickup seen at the ferry landing, two men loading coolers before dawn',
  reliability: 'B',
  credibility: '2',
});

const names: Namer = {
  member: (id) => ({ ana: 'Ana Ruiz (DEA)', ben: 'Ben Sample (Border Patrol)' })[id] ?? `member ${id}`,
  orgName: (id) => (id === 'org1' ? 'Sage Tern Circle' : ''),
  report: (id) => (id === 'r0' ? earlier : null),
};

const match = (over: Partial<ReportMatch>): ReportMatch => boardMatch({ compartmentId: 'c', ...over });

describe('matchLine', () => {
  it('names the organization (the link), how it is written there and who added it', () => {
    const line = matchLine(names, match({}));
    expect(line).toEqual({
      before: '(956) 555-0198 is in ',
      org: { id: 'org1', name: 'Sage Tern Circle' },
      after: '’s network as +1 956 555 0198, added by Ana Ruiz (DEA)',
    });
  });

  it('leaves out "as" when written the same, and says when the author is unproven', () => {
    const line = matchLine(names, match({ text: '(956) 555-0198', addedBy: null }));
    expect(line.after).toBe('’s network, its author unproven');
  });

  it('names another report by its reporter and date, with no link', () => {
    const line = matchLine(names, match({ orgId: null, reportId: 'r0', factId: 'r0', addedBy: 'ben' }));
    expect(line.org).toBeNull();
    expect(line.before).toBe(
      `(956) 555-0198 is also in a field report by Ben Sample (Border Patrol), ${moment(earlier.at)} as +1 956 555 0198`,
    );
  });
});

describe('stepLine', () => {
  const at = Date.UTC(2026, 11, 2, 8, 0);
  it('says each step with who and when', () => {
    expect(stepLine(names, { recordId: 's', step: 'link', by: 'ana', at, orgId: 'org1', entityIds: ['x'] })).toBe(
      `Linked to Sage Tern Circle (1 new entry) by Ana Ruiz (DEA), ${moment(at)}`,
    );
    expect(stepLine(names, { recordId: 's', step: 'link', by: 'ana', at })).toBe(
      `Linked to an organization you cannot see by Ana Ruiz (DEA), ${moment(at)}`,
    );
    expect(stepLine(names, { recordId: 's', step: 'dismiss', by: 'ben', at, reason: 'Known decoy' })).toBe(
      `Dismissed by Ben Sample (Border Patrol), ${moment(at)}: Known decoy`,
    );
    expect(stepLine(names, { recordId: 's', step: 'duplicate', by: 'ana', at, duplicateOf: 'gone' })).toBe(
      `Marked a duplicate of a report not held here by Ana Ruiz (DEA), ${moment(at)}`,
    );
  });

  it('shortens a long report text in its label', () => {
    expect(reportLabel(names, earlier)).toBe(
      `Ben Sample (Border Patrol), ${moment(earlier.at)}: Grey pickup seen at the ferry landing, two men…`,
    );
  });
});
