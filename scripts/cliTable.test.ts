import { readFileSync } from 'node:fs';

import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

import { registry } from '../cli/commands';
import { commandTable, README, tableIn, withTable } from './cliTable';

describe("the README's command table", () => {
  it('is the one the command registry renders', () => {
    const written = tableIn(readFileSync(README, 'utf8'));
    expect(written, 'README.md differs from the registry: run `npm run docs:cli`').toBe(commandTable(registry));
  });

  it('shows every command with every flag, each on its own row', () => {
    const rows = commandTable(registry).split('\n').slice(2);
    expect(rows).toHaveLength(registry.length);
    registry.forEach((c, i) => {
      expect(rows[i], c.words).toMatch(new RegExp(`^\\| \`${c.words} --profile DIR`));
      for (const f of c.flags)
        expect(rows[i], `${c.words} --${f.name}`).toContain(`--${f.name} ${f.value.replace(/\|/g, '\\|')}`);
    });
  });

  it('is already formatted as prettier formats it', async () => {
    const table = commandTable(registry);
    const options = await prettier.resolveConfig(README);
    expect(await prettier.format(table, { ...options, parser: 'markdown' })).toBe(`${table}\n`);
  });

  it('goes between the markers and nowhere else', () => {
    const readme = 'intro\n<!-- cli-commands:start -->\n\nold\n\n<!-- cli-commands:end -->\nrest\n';
    expect(withTable(readme, 'new')).toBe(
      'intro\n<!-- cli-commands:start -->\n\nnew\n\n<!-- cli-commands:end -->\nrest\n',
    );
    expect(() => tableIn('no markers')).toThrow(/lacks the markers/);
  });
});
