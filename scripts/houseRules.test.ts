import { resolve } from 'node:path';

import { readdirSync } from 'node:fs';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// @ts-expect-error the lint config is plain JavaScript, with no types.
import { SHARED_LAYERS } from '../eslint.config.js';

/** The folder rules of the house (ADR 0001, ADR 0011) are lint errors, not habits: prove each one fires. */
const root = resolve(import.meta.dirname, '..');
// The import rules need no types: lint made-up files without the type-aware parser.
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });
const typedEslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.ruleId!);
}

describe('house rules', () => {
  it.each([
    ['shared/', 'shared/crypto/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['shared/', 'shared/crypto/x.ts', "import { join } from 'path';\nexport const f = join;\n"],
    ['shared/', 'shared/sync/x.ts', "import { app } from 'electron';\nexport const f = app;\n"],
    ['shared/', 'shared/model/x.ts', "import { createRoot } from 'react-dom/client';\nexport const f = createRoot;\n"],
    ['shared/', 'shared/model/x.ts', "import { App } from '../../renderer/app/App';\nexport const f = App;\n"],
    ['shared/', 'shared/model/x.ts', "import { startRelay } from '../../relay';\nexport const f = startRelay;\n"],
    ['shared/', 'shared/model/x.ts', 'export const f = () => document.title;\n'],
    ['shared/', 'shared/model/x.ts', 'export const f = () => process.env;\n'],
    ['renderer/', 'renderer/app/x.ts', "import { ipcRenderer } from 'electron';\nexport const f = ipcRenderer;\n"],
    ['renderer/', 'renderer/app/x.ts', "import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n"],
    ['renderer/', 'renderer/app/x.ts', "import { startRelay } from '../../relay';\nexport const f = startRelay;\n"],
    ['electron/main', 'electron/main/x.ts', "import { App } from '../../renderer/app/App';\nexport const f = App;\n"],
    ['electron/main', 'electron/main/x.ts', "import { run } from '../../cli/main';\nexport const f = run;\n"],
    // Deep imports: another folder of shared/ only through its index.ts.
    [
      'deep import',
      'shared/sync/x.ts',
      "import { parseEnvelope } from '../protocol/envelope';\nexport const f = parseEnvelope;\n",
    ],
    [
      'deep import',
      'bench/x.ts',
      "import { nodePlatform } from '../cli/nodePlatform';\nexport const f = nodePlatform;\n",
    ],
    [
      'deep import',
      'bench/x.ts',
      "import { HostileClient } from '../shared/testkit/HostileClient';\nexport const f = HostileClient;\n",
    ],
    [
      'deep import',
      'relay/x.ts',
      "import { parseEnvelope } from '../shared/protocol/envelope';\nexport const f = parseEnvelope;\n",
    ],
    // Layers: a folder of shared/ never imports one above it.
    [
      'layers',
      'shared/protocol/x.ts',
      "import { SecureWorkspace } from '../sync';\nexport const f = SecureWorkspace;\n",
    ],
    ['layers', 'shared/membership/x.ts', "import { BoardIndex } from '../model';\nexport const f = BoardIndex;\n"],
    ['layers', 'shared/model/x.ts', "import { noteText } from '../notes';\nexport const f = noteText;\n"],
    // Test kits: for tests and benchmarks only.
    ['test kits', 'shared/sync/x.ts', "import { HostileClient } from '../testkit';\nexport const f = HostileClient;\n"],
    [
      'test kits',
      'renderer/app/x.ts',
      "import { HostileClient } from '../../shared/testkit';\nexport const f = HostileClient;\n",
    ],
    [
      'test kits',
      'cli/x.ts',
      "import { hostileMember } from './testkit/liveWorkspaces';\nexport const f = hostileMember;\n",
    ],
    [
      'test kits',
      'relay/x.ts',
      "import { HostileClient } from '../shared/testkit';\nexport const f = HostileClient;\n",
    ],
    // The core and the UI never import the relay, the CLI or the tools; the relay and the CLI never Electron.
    ['shared/', 'shared/sync/x.ts', "import { run } from '../../cli/main';\nexport const f = run;\n"],
    ['renderer/', 'renderer/app/x.ts', "import { run } from '../../cli/main';\nexport const f = run;\n"],
    ['relay/', 'relay/x.ts', "import { app } from 'electron';\nexport const f = app;\n"],
    ['cli/', 'cli/x.ts', "import { App } from '../renderer/app/App';\nexport const f = App;\n"],
    ['shared/', 'shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    [
      'renderer tests',
      'renderer/app/x.test.ts',
      "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    ],
    [
      'notes',
      'shared/notes/x.ts',
      "import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';\nexport const f = useLexicalComposerContext;\n",
    ],
  ])('%s: refuses %s importing what it must not', async (_rule, filePath, code) => {
    expect(await restrictedImports(filePath, code)).not.toEqual([]);
  });

  it('lets each folder import what it may', async () => {
    expect(
      await restrictedImports(
        'renderer/app/x.ts',
        "import { ipcContract } from '../../shared/ipc';\nexport const f = ipcContract;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'electron/main/x.ts',
        "import { readFile } from 'node:fs';\nexport const f = readFile;\n",
      ),
    ).toEqual([]);
    expect(await restrictedImports('shared/sync/x.ts', "import * as Y from 'yjs';\nexport const f = Y;\n")).toEqual([]);
    expect(
      await restrictedImports('shared/notes/x.ts', "import { $getRoot } from 'lexical';\nexport const f = $getRoot;\n"),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'shared/sync/x.ts',
        "import { parseEnvelope } from '../protocol';\nexport const f = parseEnvelope;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'shared/testkit/x.ts',
        "import { SecureWorkspace } from '../sync';\nexport const f = SecureWorkspace;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'shared/sync/x.test.ts',
        "import { HostileClient } from '../testkit';\nexport const f = HostileClient;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'electron/main/x.ts',
        "import { startRelay } from '../../relay';\nexport const f = startRelay;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports('bench/x.ts', "import { nodePlatform } from '../cli';\nexport const f = nodePlatform;\n"),
    ).toEqual([]);
  });

  it('places every folder of shared/ in a layer, and names no folder that does not exist', () => {
    const folders = readdirSync(resolve(root, 'shared'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(Object.keys(SHARED_LAYERS).sort()).toEqual(folders);
  });

  // Typed rules need a file the TypeScript project knows: lint new text under real paths.
  it.each([
    [
      'shared/sync/SecureWorkspace.ts',
      'export async function f(p: Promise<void>) {\n  void p;\n}\n',
      'no-floating-promises',
    ],
    ['relay/Relay.ts', 'export function f(p: Promise<void>) {\n  p.then(() => 1);\n}\n', 'no-floating-promises'],
    [
      'renderer/app/App.tsx',
      'export const f = (b: { onclick: () => void }) => {\n  b.onclick = async () => {};\n};\n',
      'no-misused-promises',
    ],
    ['cli/main.ts', "export const f = (d: FormData) => `${d.get('x')}`;\n", 'no-base-to-string'],
  ])(
    'typed lint: %s refuses %j (%s)',
    async (filePath, code, rule) => {
      const [result] = await typedEslint.lintText(code, { filePath });
      expect((result?.messages ?? []).map((m) => m.ruleId)).toContain(`@typescript-eslint/${rule}`);
    },
    180_000,
  ); // the first builds the TypeScript program: slow on a busy machine, never a measure
});
