import { resolve } from 'node:path';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The folder rules of the house (DESIGN.md) are lint errors, not habits: prove each one fires. */
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') });

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
    [
      'shared/',
      'shared/model/x.ts',
      "import { startRelay } from '../../electron/relay';\nexport const f = startRelay;\n",
    ],
    ['shared/', 'shared/model/x.ts', 'export const f = () => document.title;\n'],
    ['shared/', 'shared/model/x.ts', 'export const f = () => process.env;\n'],
    ['renderer/', 'renderer/app/x.ts', "import { ipcRenderer } from 'electron';\nexport const f = ipcRenderer;\n"],
    ['renderer/', 'renderer/app/x.ts', "import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n"],
    [
      'renderer/',
      'renderer/app/x.ts',
      "import { startRelay } from '../../electron/relay';\nexport const f = startRelay;\n",
    ],
    ['electron/main', 'electron/main/x.ts', "import { App } from '../../renderer/app/App';\nexport const f = App;\n"],
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
  });
});
