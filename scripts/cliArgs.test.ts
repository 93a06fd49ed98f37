import { describe, expect, it } from 'vitest';

import { refuseUnknownFlags } from './cliArgs';

const START = { browser: 'boolean', port: 'string', 'relay-port': 'string' } as const;

describe("the launchers' flags", () => {
  it('takes the flags a launcher knows, in either form', () => {
    expect(() => refuseUnknownFlags(['--browser', '--port', '4391', '--relay-port=0'], START)).not.toThrow();
    expect(() => refuseUnknownFlags([], START)).not.toThrow();
  });

  it('refuses one it does not know in one line, with the near one', () => {
    expect(() => refuseUnknownFlags(['--prot', '5000'], { port: 'string' })).toThrow(
      'unknown flag --prot: did you mean --port? (known: --port)',
    );
    expect(() => refuseUnknownFlags(['--browser', '--bogus'], START)).toThrow(
      'unknown flag --bogus (known: --browser, --port, --relay-port)',
    );
  });
});
