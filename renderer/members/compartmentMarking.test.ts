import { describe, expect, it } from 'vitest';

import { defaultMarking } from '../../shared/membership';
import { defaultTlp, markingOf, TLP_LABELS } from './compartmentMarking';

describe('markings (TLP 2.0 followed by the audience)', () => {
  it('offers the five TLP 2.0 labels, most restrictive first', () => {
    expect(TLP_LABELS).toEqual(['TLP:RED', 'TLP:AMBER+STRICT', 'TLP:AMBER', 'TLP:GREEN', 'TLP:CLEAR']);
  });

  it('with no audience typed, gives exactly the kind’s default marking', () => {
    for (const kind of ['releasable', 'restricted'] as const)
      expect(markingOf(defaultTlp(kind), '  ', kind, ' Webb County SO ')).toBe(defaultMarking(kind, 'Webb County SO'));
  });

  it('puts the chosen label before the typed audience', () => {
    expect(markingOf('TLP:GREEN', ' REL TO Laredo PD ', 'releasable', 'Laredo')).toBe('TLP:GREEN — REL TO Laredo PD');
  });
});
