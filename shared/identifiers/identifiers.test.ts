import { describe, expect, it } from 'vitest';

import { displayIdentifier, ENTITY_KIND_OF, entityIdentifiers, entityKeys, identifierKey, keysMatch } from './index';
import type { IdentifierKind } from './index';

/** Each row: spellings that must all give `key`. */
function sameKey(kind: IdentifierKind, key: string | null, spellings: string[]) {
  for (const s of spellings)
    it(`${kind} ${JSON.stringify(s)} → ${key}`, () => expect(identifierKey(kind, s)).toBe(key));
}

describe('phones compare as E.164, US first, then Mexico', () => {
  sameKey('phone', 'phone:+19565550198', [
    '(956) 555-0198',
    '956.555.0198',
    '+1 956 555 0198',
    '1-956-555-0198',
    '011 1 956 555 0198',
    '9565550198',
    ' 956 555 0198 ',
    '956-555-0198 ext. 12',
  ]);
  // Mexico City: the mobile "1" after +52, the old 044/045/01 prefixes, the 2-4-4 grouping, Mexico's exit code 00.
  sameKey('phone', 'phone:+525512345678', [
    '+52 1 55 1234 5678',
    '+521 55 1234 5678',
    '+52 55 1234 5678',
    '044 55 1234 5678',
    '045 55 1234 5678',
    '01 55 1234 5678',
    '(55) 1234-5678',
    '55 1234 5678',
    '00 52 55 1234 5678',
    '011 52 55 1234 5678',
  ]);
  // Ciudad Juárez written with +52; the same ten digits without a country are read as a US number (3-3-4).
  sameKey('phone', 'phone:+526561234567', ['+52 656 123 4567', '+52 1 656 123 4567', '01 656 123 4567']);
  sameKey('phone', 'phone:+16561234567', ['(656) 123-4567', '656 123 4567']);
  // Other countries through libphonenumber-js's whole table; a Canadian number is +1 like a US one.
  sameKey('phone', 'phone:+442079460958', ['+44 20 7946 0958', '00 44 20 7946 0958', '011 44 20 7946 0958']);
  sameKey('phone', 'phone:+50223456789', ['+502 2345 6789']);
  sameKey('phone', 'phone:+16045550198', ['+1 604 555 0198', '(604) 555-0198']);
  sameKey('phone', 'phone:+19565550198', ['９５６-５５５-０１９８', '（９５６）５５５ ０１９８']);
  sameKey('phone', null, ['555-0198', '12', 'no number', '', '+1 956 555 01989', '0000']);

  it('tells different numbers apart', () => {
    const keys = ['(956) 555-0198', '(956) 555-0199', '(915) 555-0198', '+52 956 555 0198', '+52 55 1234 5679'].map(
      (p) => identifierKey('phone', p),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is shown in international form', () => {
    expect(displayIdentifier('phone', '(956) 555-0198')).toBe('+1 956 555 0198');
    expect(displayIdentifier('phone', '044 55 1234 5678')).toBe('+52 55 1234 5678');
    expect(displayIdentifier('phone', ' unknown ')).toBe('unknown');
  });
});

describe('plates compare by state and characters', () => {
  sameKey('plate', 'plate:TX:ABC1234', [
    'TX:ABC-1234',
    'tx abc 1234',
    'TX ABC1234',
    'ABC-1234 (TX)',
    'ABC-1234, TX',
    'Texas ABC-1234',
    'texas: abc.1234',
    'ABC-1234 Texas',
    'plate TX ABC-1234',
  ]);
  sameKey('plate', 'plate:NL:ABC1234', ['NL ABC-1234', 'N.L. ABC 1234', 'Nuevo León ABC1234', 'nuevo leon:abc-1234']);
  sameKey('plate', 'plate:TAMPS:123ABC', ['TAMPS 123-ABC', 'Tamps. 123 ABC', 'Tamaulipas 123ABC']);
  sameKey('plate', 'plate:BC:XYZ123', ['BC:XYZ-123', 'Baja California XYZ 123']);
  sameKey('plate', 'plate:BCS:XYZ123', ['BCS XYZ-123', 'Baja California Sur XYZ 123']);
  sameKey('plate', 'plate:SON:123ABC', ['SON 123-ABC', 'Sonora 123ABC']);
  sameKey('plate', 'plate:CHIH:AB12345', ['CHIH AB-12-345', 'Chihuahua AB12345']);
  sameKey('plate', 'plate:COAH:AB12345', ['COAH AB-12-345', 'Coahuila AB12345']);
  sameKey('plate', 'plate:NM:ABC123', ['New Mexico ABC-123', 'NM:ABC123']);
  sameKey('plate', 'plate:DC:AB1234', ['District of Columbia AB-1234', 'DC AB1234']);
  sameKey('plate', 'plate:PR:ABC123', ['Puerto Rico ABC-123', 'PR ABC123']);
  sameKey('plate', 'plate:?:ABC1234', ['ABC-1234', 'abc 1234', 'ABC1234', 'abc.12-34']);
  sameKey('plate', null, ['', ' - ', 'TX:', '()']);
  // Full-width characters are the plate's own; a letter or digit of another script is not dropped (Cyrillic
  // "АВС1234" and "ХУЕ1234" would both read as TX 1234, and match each other): the text is not comparable.
  sameKey('plate', 'plate:TX:ABC1234', ['TX ＡＢＣ１２３４', 'TX:ABC－１２３４']);
  sameKey('plate', null, ['TX АВС1234', 'ΑΒΓ', '١٢٣٤']);

  it('never makes two plates one by dropping characters it cannot read', () => {
    expect(
      keysMatch(identifierKey('plate', 'TX ABC１２３４') ?? 'a', identifierKey('plate', 'TX ABC５６７８') ?? 'b'),
    ).toBe(false);
    expect(identifierKey('plate', 'TX ХУЕ1234')).toBeNull();
  });

  it('reads a vehicle name of any length in linear time (a patched client writes entries of any size)', () => {
    const started = performance.now();
    for (const name of ['a' + ' '.repeat(100_000) + 'a', 'TX ' + 'A1 '.repeat(30_000), '('.repeat(50_000) + 'TX'])
      entityIdentifiers({ kind: 'vehicle', name });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('matches a plate without a state against any state, and two states never', () => {
    const tx = identifierKey('plate', 'TX ABC-1234') ?? '';
    const son = identifierKey('plate', 'SON ABC-1234') ?? '';
    const none = identifierKey('plate', 'ABC-1234') ?? '';
    expect(keysMatch(tx, none)).toBe(true);
    expect(keysMatch(none, son)).toBe(true);
    expect(keysMatch(tx, son)).toBe(false);
    expect(keysMatch(none, identifierKey('plate', 'ABC-1235') ?? '')).toBe(false);
    expect(keysMatch(tx, identifierKey('plate', 'TX ABC-1235') ?? '')).toBe(false);
    expect(keysMatch('name:abc', 'plate:?:ABC')).toBe(false);
  });

  it('is shown as state and characters', () => {
    expect(displayIdentifier('plate', 'abc-1234 (tx)')).toBe('TX ABC1234');
    expect(displayIdentifier('plate', 'abc-1234')).toBe('ABC1234');
  });
});

describe('names, places and routes', () => {
  sameKey('name', 'name:juan perez', [
    'Juan Pérez',
    'juan perez',
    'JUAN PEREZ',
    'Pérez, Juan',
    '  juan   pérez ',
    'Juan. Perez',
  ]);
  sameKey('name', 'name:maria jose nunez', ['María-José Núñez', 'Núñez, María José']);
  sameKey('name', null, ['', ' ,. ', '--']);
  it('tells different names apart', () => {
    expect(identifierKey('name', 'Juan Pérez')).not.toBe(identifierKey('name', 'Juana Pérez'));
    expect(identifierKey('name', 'Juan Pérez')).not.toBe(identifierKey('name', 'Pérez Juan Carlos'));
  });
  sameKey('place', 'place:123 main street', ['123 Main St.', '123 main street', '123 MAIN ST']);
  sameKey('place', 'place:carretera federal 2 kilometro 14', ['Carr. Federal 2 km 14', 'Carretera Federal 2, Km. 14']);
  sameKey('place', 'place:avenue juarez 45', ['Av. Juárez 45', 'Avenida Juarez #45']);
  sameKey('place', 'place:saint louis avenue', ['St. Louis Ave', 'Saint Louis Avenue']);
  sameKey('place', 'place:highway 83 north', ['Hwy 83 N', 'Highway 83 North']);
  sameKey('route', 'route:interstate 35 north', ['I-35 N', 'Interstate 35 north']);
  sameKey('route', 'route:highway 83', ['Hwy 83', 'highway 83']);
  it('keeps kinds apart', () => {
    expect(identifierKey('place', 'Hwy 83')).not.toBe(identifierKey('route', 'Hwy 83'));
    expect(identifierKey('place', 'Main St')).not.toBe(identifierKey('place', 'Main Ave'));
  });
});

describe('entityIdentifiers (what a network entry holds)', () => {
  it('gives a person its name and each alias', () => {
    expect(entityIdentifiers({ kind: 'person', name: 'Juan Pérez', aliases: ['El Flaco', ' '] })).toEqual([
      { kind: 'name', value: 'Juan Pérez' },
      { kind: 'name', value: 'El Flaco' },
    ]);
  });
  it('keys each identifier as identifierKey does', () => {
    expect(entityKeys({ kind: 'person', name: 'Pérez, Juan', aliases: ['El Flaco'] })).toEqual([
      { kind: 'name', value: 'Pérez, Juan', key: 'name:juan perez' },
      { kind: 'name', value: 'El Flaco', key: 'name:el flaco' },
    ]);
    expect(entityKeys({ kind: 'phone', name: '044 55 1234 5678' })).toEqual([
      { kind: 'phone', value: '044 55 1234 5678', key: 'phone:+525512345678' },
    ]);
  });
  it('gives a phone its number, and nothing for text without one', () => {
    expect(entityIdentifiers({ kind: 'phone', name: '+1 956 555 0198' })).toEqual([
      { kind: 'phone', value: '+1 956 555 0198' },
    ]);
    expect(entityIdentifiers({ kind: 'phone', name: 'burner, number unknown' })).toEqual([]);
  });
  it.each([
    ['TX ABC-1234', 'plate:TX:ABC1234'],
    ['Gray Tacoma TX ABC-1234', 'plate:TX:ABC1234'],
    ['white van, placas SON 123-ABC', 'plate:SON:123ABC'],
    ['Silver Tahoe ABC-1234', 'plate:?:ABC1234'],
    ['Tahoe ABC 1234', 'plate:?:ABC1234'],
    ['F-150 ABC1234', 'plate:?:ABC1234'],
    ['Texas BIGBOSS', 'plate:TX:BIGBOSS'],
  ])('finds the plate in a vehicle named %j', (name, key) => {
    const ids = entityIdentifiers({ kind: 'vehicle', name });
    expect(ids.map((i) => identifierKey(i.kind, i.value))).toEqual([key]);
    expect(entityKeys({ kind: 'vehicle', name }).map((i) => i.key)).toEqual([key]);
  });
  it.each(['Ford F-150', 'silver sedan in NM', 'Ford F-150 (TX)', 'white pickup'])(
    'finds no plate in a vehicle named %j',
    (name) => expect(entityIdentifiers({ kind: 'vehicle', name })).toEqual([]),
  );
  it('gives a location a place and a route a route', () => {
    expect(entityIdentifiers({ kind: 'location', name: '123 Main St' })).toEqual([
      { kind: 'place', value: '123 Main St' },
    ]);
    expect(entityIdentifiers({ kind: 'route', name: 'I-35 N' })).toEqual([{ kind: 'route', value: 'I-35 N' }]);
  });
  it('maps each identifier kind to the entry it becomes', () => {
    expect(ENTITY_KIND_OF).toEqual({
      phone: 'phone',
      plate: 'vehicle',
      name: 'person',
      place: 'location',
      route: 'route',
    });
  });
});
