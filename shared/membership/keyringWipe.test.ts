import { describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { tableOfTwo } from '../testkit/workspaces';

await initCrypto();

describe('Keyring.wipe', () => {
  it('closing a workspace fills every epoch key its keyring held with zeros', () => {
    const { member } = tableOfTwo('analyst');
    const keys = member.workspace.keys.entries().map(([, key]) => key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.some((b) => b !== 0))).toBe(true);
    member.workspace.destroy();
    for (const key of keys) expect([...key].every((b) => b === 0)).toBe(true);
    expect(member.workspace.keys.opening(0).every((k) => k.every((b) => b === 0))).toBe(true);
  });
});
