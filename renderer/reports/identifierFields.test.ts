import { describe, expect, it } from 'vitest';

import { gradingMeaning } from './admiralty';
import { identifiersOf } from './identifierFields';

describe('identifiersOf', () => {
  it('takes one identifier per non-blank line, trimmed, kinds in the form’s order', () => {
    expect(
      identifiersOf({
        route: 'Los Ebanos ferry',
        phone: ' (956) 555-0198 \n\n+52 899 555 0101\r\n',
        plate: 'TX:ABC-1234',
      }),
    ).toEqual([
      { kind: 'phone', value: '(956) 555-0198' },
      { kind: 'phone', value: '+52 899 555 0101' },
      { kind: 'plate', value: 'TX:ABC-1234' },
      { kind: 'route', value: 'Los Ebanos ferry' },
    ]);
  });

  it('drops a line repeated in one box, keeps the same text in two boxes', () => {
    expect(identifiersOf({ name: 'Ferry\nFerry', place: 'Ferry' })).toEqual([
      { kind: 'name', value: 'Ferry' },
      { kind: 'place', value: 'Ferry' },
    ]);
  });

  it('holds nothing for empty boxes', () => {
    expect(identifiersOf({ phone: '  \n ', name: '' })).toEqual([]);
  });
});

describe('gradingMeaning', () => {
  it('says the Admiralty words of both halves', () => {
    expect(gradingMeaning('B', '2')).toBe('B2: usually reliable source, probably true');
    expect(gradingMeaning('F', '6')).toBe('F6: reliability cannot be judged, truth cannot be judged');
  });
});
