import { builtinModules } from 'node:module';

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node's built-ins by exact name (a pattern would also catch our own `../crypto`), and node:*. */
const nodePaths = builtinModules.map((name) => ({
  name,
  message: 'Node built-ins belong to electron/ (the Node side).',
}));

const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/ may import Electron.' };
const noNode = { group: ['node:*'], message: 'Node built-ins belong to electron/ (the Node side).' };
const noElectronFolder = {
  group: ['**/electron/**', '../electron', '../../electron'],
  message: 'Reach the Node side through the preload API (the Host), never by import.',
};
const noRenderer = { group: ['**/renderer/**'], message: 'The UI is the renderer’s own; nothing imports it.' };
const noDeepShared = {
  group: ['../*/*', '!../*/index'],
  message: 'Import another folder of shared/ through its index.ts, not its internals.',
};
const noDom = {
  group: ['react', 'react-dom', 'react-dom/*', 'idb-keyval', 'lexical', '@lexical/*'],
  message: 'shared/ is isomorphic: no DOM-only packages.',
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'out/', 'test-results/', 'playwright-report/', 'bench/results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: nodePaths, patterns: [noElectron, noNode, noElectronFolder] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: nodePaths, patterns: [noElectron, noNode, noElectronFolder, noRenderer, noDom, noDeepShared] },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'Buffer',
        'require',
        '__dirname',
        'localStorage',
        'indexedDB',
      ],
    },
  },
  {
    // Notes' schema and headless editor: Lexical's core runs without a DOM (the CLI edits notes in
    // Node through @lexical/headless), so shared/notes may use it; React stays out.
    files: ['shared/notes/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [
            noElectron,
            noNode,
            noElectronFolder,
            noRenderer,
            {
              ...noDom,
              group: noDom.group.filter((g) => !g.includes('lexical')).concat('@lexical/react', '@lexical/react/*'),
            },
            noDeepShared,
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noRenderer] }],
    },
  },
  prettier,
);
