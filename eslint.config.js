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

const noTestkit = {
  group: ['**/testkit', '**/testkit/**'],
  message: 'Test kits are for tests and benchmarks; production code never imports them.',
};
const noTopLevel = {
  group: ['**/relay', '**/relay/**', '**/cli', '**/cli/**', '**/bench/**', '**/scripts/**', '**/e2e/**'],
  message: 'The relay, the CLI and the tools import the core (shared/); the core and the UI never import them.',
};
const noDeepFromBench = {
  group: ['../shared/*/*', '../cli/*', '../relay/*', '!../*/index', '!../*/*/index'],
  message: 'bench/ measures what the product exposes: import a folder through its index.ts, not its internals.',
};
const noDomButLexical = {
  ...noDom,
  group: noDom.group.filter((g) => !g.includes('lexical')).concat('@lexical/react', '@lexical/react/*'),
};

/**
 * The layers of shared/: each folder and the shared folders it may import (through their index.ts). A folder
 * never imports one above it; README.md's "map of the house" draws the same picture.
 */
/** Every folder an open workspace may use: all of shared/ but itself and the test kits. */
const BELOW_WORKSPACE = [
  'crypto',
  'bundles',
  'protocol',
  'storage',
  'vault',
  'membership',
  'model',
  'presence',
  'sync',
  'voting',
  'notes',
  'compartments',
  'demo',
  'identifiers',
  'reports',
  'pdf',
  'history',
  'metrics',
];
const SHARED_LAYERS = {
  crypto: [],
  pdf: [],
  bundles: ['crypto'],
  ipc: ['crypto'],
  protocol: ['crypto'],
  storage: ['crypto'],
  vault: ['crypto'],
  membership: ['crypto', 'protocol'],
  model: ['crypto', 'protocol'],
  presence: ['crypto', 'protocol', 'membership'],
  sync: ['crypto', 'protocol', 'membership', 'presence', 'model', 'storage'],
  voting: ['crypto', 'protocol', 'membership', 'model'],
  notes: ['crypto', 'protocol', 'membership', 'presence', 'model', 'sync', 'pdf'],
  compartments: ['crypto', 'protocol', 'membership', 'model', 'notes'],
  demo: ['crypto', 'model'],
  identifiers: ['model'],
  reports: ['crypto', 'protocol', 'membership', 'model', 'identifiers'],
  history: ['crypto', 'membership', 'model'],
  metrics: ['model', 'compartments'],
  workspace: BELOW_WORKSPACE,
  briefing: [...BELOW_WORKSPACE, 'workspace'],
  testkit: [...BELOW_WORKSPACE, 'workspace'],
  /** The demo a newcomer opens: fictional members, each with an open workspace's API of its own, and this week's briefing. */
  demotable: [...BELOW_WORKSPACE, 'workspace', 'briefing'],
};
const aboveOf = (folder, below) =>
  Object.keys(SHARED_LAYERS)
    .filter((other) => other !== folder && !below.includes(other) && other !== 'testkit')
    .map((other) => ({
      group: [`../${other}`, `../${other}/*`],
      message: `shared/${folder} sits below shared/${other}: it may import ${below.join(', ') || 'no other folder'}.`,
    }));

export { SHARED_LAYERS };

export default tseslint.config(
  {
    ignores: ['node_modules/', 'out/', 'test-results/', 'playwright-report/', 'bench/results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'bin/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A promise is awaited, returned, or given a rejection handler; `void` alone would hide a rejection.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      // An implementation of an async interface stays async even when it awaits nothing: its throw must
      // reach the caller as a rejection (WebHost's relay.host), never as a synchronous exception.
      '@typescript-eslint/require-await': 'off',
      // Yjs types and URLs print themselves; FormData values and plain objects do not.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'Text', 'YText', 'XmlText', 'YXmlText'] },
      ],
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
      'no-restricted-imports': [
        'error',
        { paths: nodePaths, patterns: [noElectron, noNode, noElectronFolder, noTestkit, noTopLevel] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
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
    // A file directly in shared/ belongs in a folder; until it moves, it gets the strictest rules.
    files: ['shared/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [noElectron, noNode, noElectronFolder, noRenderer, noTopLevel, noDom, noTestkit],
        },
      ],
    },
  },
  // Each folder of shared/ imports only the folders below it (SHARED_LAYERS), through their index.ts.
  ...Object.entries(SHARED_LAYERS).map(([folder, below]) => ({
    files: [`shared/${folder}/**/*.ts`],
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
            noTopLevel,
            folder === 'notes' ? noDomButLexical : noDom,
            noDeepShared,
            ...(folder === 'testkit' ? [] : [noTestkit]),
            ...aboveOf(folder, below),
          ],
        },
      ],
    },
  })),
  {
    files: ['relay/**/*.ts', 'cli/**/*.ts'],
    ignores: ['**/*.test.ts', 'cli/testkit/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noRenderer,
            noTestkit,
            noElectron,
            noElectronFolder,
            { ...noDeepShared, group: ['**/shared/*/*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noRenderer,
            noTestkit,
            { group: ['**/cli', '**/cli/**'], message: 'The desktop app does not run the headless client.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts', '**/*.test.ts'],
    ignores: ['shared/**/*.test.ts', 'renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noRenderer] }],
    },
  },
  {
    // The renderer's tests run in a browser-like environment: no Node, no Electron, test kits allowed.
    files: ['renderer/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: nodePaths, patterns: [noElectron, noNode, noElectronFolder, noTopLevel] },
      ],
    },
  },
  {
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noRenderer, noDeepFromBench] }],
    },
  },
  {
    // Tests read JSON the code under test printed and build hostile values on purpose: `any` is their
    // material. Every other typed rule holds in tests as in production.
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
