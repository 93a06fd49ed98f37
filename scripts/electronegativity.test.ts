import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  findSuppressions,
  formatFinding,
  formatReport,
  installedElectronVersion,
  normalizeCode,
  parseScanOutput,
  runGate,
  sourceJustification,
  stagedName,
  suppressionProblems,
  toFindings,
} from './electronegativity';
import type { Finding, GateResult, ScanOutput, Suppression } from './electronegativity';

const known = new Set(['SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'CSP_GLOBAL_CHECK']);

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

describe('parseScanOutput / toFindings', () => {
  const output: ScanOutput = {
    globalChecks: 5,
    atomicChecks: 36,
    checkIds: ['SANDBOX_JS_CHECK'],
    errors: [],
    issues: [
      { id: 'CSP_GLOBAL_CHECK', file: 'N/A', line: 0, description: 'No CSP', sample: '' },
      { id: 'SANDBOX_JS_CHECK', file: 'out/preload/index.cjs.js', line: 3, description: 'Use sandbox', sample: 'x' },
    ],
  };

  it('reads what the worker writes, and refuses anything else', () => {
    expect(parseScanOutput(JSON.stringify(output))).toEqual(output);
    expect(() => parseScanOutput(JSON.stringify({ ...output, issues: [{ id: 1 }] }))).toThrow();
    expect(() => parseScanOutput('not json')).toThrow();
  });

  it('maps staged paths back and app-wide findings to no file', () => {
    const findings = toFindings('build', output, (staged) => staged.replace(/\.cjs\.js$/, '.cjs'));
    expect(findings).toEqual([
      { scan: 'build', checkId: 'CSP_GLOBAL_CHECK', file: null, line: 0, description: 'No CSP', sample: '' },
      {
        scan: 'build',
        checkId: 'SANDBOX_JS_CHECK',
        file: 'out/preload/index.cjs',
        line: 3,
        description: 'Use sandbox',
        sample: 'x',
      },
    ]);
  });
});

describe('stagedName', () => {
  it('stages what Electronegativity reads, renaming module extensions it skips', () => {
    expect(stagedName('out/main/index.js')).toBe('out/main/index.js');
    expect(stagedName('renderer/index.html')).toBe('renderer/index.html');
    expect(stagedName('out/preload/index.cjs')).toBe('out/preload/index.cjs.js');
    expect(stagedName('electron/x.mts')).toBe('electron/x.mts.ts');
    expect(stagedName('electron/main/security.test.ts')).toBeNull();
    expect(stagedName('renderer/public/favicon.svg')).toBeNull();
  });
});

describe('findSuppressions', () => {
  it('reads a line comment: ids, reason and the code before it', () => {
    const text =
      'a();\n  shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- reason: checked and confirmed\n';
    const { suppressions, problems } = findSuppressions('electron/main/x.ts', text);
    expect(problems).toEqual([]);
    expect(only(suppressions)).toEqual({
      file: 'electron/main/x.ts',
      line: 2,
      checkIds: ['OPEN_EXTERNAL_JS_CHECK'],
      reason: 'checked and confirmed',
      code: '  shell.openExternal(url); ',
      fileWide: false,
    });
  });

  it('reads a block comment before the code, with several ids, and a first-line one as file-wide', () => {
    const text =
      '/* eng-disable SANDBOX_JS_CHECK AUXCLICK_JS_CHECK -- reason: a fake window */ return new BrowserWindow({';
    const s = only(findSuppressions('a.ts', text).suppressions);
    expect(s.checkIds).toEqual(['SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK']);
    expect(s.reason).toBe('a fake window');
    expect(s.code).toBe(' return new BrowserWindow({');
    expect(s.fileWide).toBe(true);
  });

  it('takes a block comment’s reason over several lines', () => {
    const text =
      'x;\nnew BrowserWindow({ /* eng-disable AUXCLICK_JS_CHECK -- reason: first line\n   and second line */\n';
    const s = only(findSuppressions('a.ts', text).suppressions);
    expect(s.reason).toBe('first line and second line');
    expect(s.code).toBe('new BrowserWindow({ ');
  });

  it('reads the HTML form, reason in the next comment', () => {
    const text = '<!-- eng-disable CSP_GLOBAL_CHECK --><!-- reason: self is only our bundle -->\n<!doctype html>\n';
    const s = only(findSuppressions('renderer/index.html', text).suppressions);
    expect(s).toMatchObject({ checkIds: ['CSP_GLOBAL_CHECK'], reason: 'self is only our bundle', fileWide: true });
  });

  it('flags what Electronegativity would not read as a suppression', () => {
    expect(
      findSuppressions('a.html', '<p><!-- eng-disable CSP_GLOBAL_CHECK -- reason: nope --></p>').problems,
    ).toHaveLength(1);
    expect(findSuppressions('a.ts', 'x; // see eng-disable below').problems).toHaveLength(1);
    expect(findSuppressions('a.css', '/* eng-disable X */')).toEqual({ suppressions: [], problems: [] });
  });
});

describe('suppressionProblems', () => {
  const read = (line: string): Suppression[] => findSuppressions('f.ts', `x;\n${line}`).suppressions;

  it('accepts known ids with a reason', () => {
    expect(suppressionProblems(read('y; // eng-disable SANDBOX_JS_CHECK -- reason: a fake window'), known)).toEqual([]);
  });

  it.each([
    ['no reason', 'y; // eng-disable SANDBOX_JS_CHECK'],
    ['a reason without the -- reason: marker', 'y; // eng-disable SANDBOX_JS_CHECK because it is fine'],
    ['a token reason', 'y; // eng-disable SANDBOX_JS_CHECK -- reason: ok'],
    [
      'comma-separated ids (the tool stops at the comma)',
      'y; // eng-disable SANDBOX_JS_CHECK, AUXCLICK_JS_CHECK -- reason: both fine',
    ],
  ])('refuses %s', (_what, line) => {
    expect(suppressionProblems(read(line), known).map((p) => p.message)).toContainEqual(
      expect.stringMatching(/without a reason/),
    );
  });

  it('refuses unknown check ids', () => {
    const problem = only(
      suppressionProblems(read('y; // eng-disable SANDBOX_CHECK -- reason: a typo in the id'), known),
    );
    expect(problem).toMatchObject({ file: 'f.ts', line: 2, message: expect.stringMatching(/SANDBOX_CHECK/) });
  });
});

describe('Electronegativity itself honours the suppressions with a reason', () => {
  // Its own matcher, from node_modules: the same code that filters findings in a real scan.
  const toolDir = dirname(createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json'));
  const { isDisabledByInlineComment } = createRequire(import.meta.url)(join(toolDir, 'dist/util/exceptions.js')) as {
    isDisabledByInlineComment: (
      first: string,
      line: string,
      check: { id: string },
      sourceType: number,
    ) => { inlineDisabled: boolean; excludesGlobal: string[] };
  };
  const JS = 0;
  const HTML = 1;
  const check = (id: string) => ({ id });

  it('JS: line and block comments with `-- reason:`', () => {
    const line = 'y(); // eng-disable OPEN_EXTERNAL_JS_CHECK -- reason: checked and confirmed';
    expect(isDisabledByInlineComment('x', line, check('OPEN_EXTERNAL_JS_CHECK'), JS).inlineDisabled).toBe(true);
    const block = '/* eng-disable AUXCLICK_JS_CHECK -- reason: see above */ return new BrowserWindow({';
    expect(isDisabledByInlineComment('x', block, check('AUXCLICK_JS_CHECK'), JS).inlineDisabled).toBe(true);
    expect(isDisabledByInlineComment('x', block, check('SANDBOX_JS_CHECK'), JS).inlineDisabled).toBe(false);
  });

  it('HTML: the first-line form silences the global CSP verdict', () => {
    const first = '<!-- eng-disable CSP_GLOBAL_CHECK --><!-- reason: self is only our bundle -->';
    expect(isDisabledByInlineComment(first, '<meta', check('CSP_HTML_CHECK'), HTML).excludesGlobal).toEqual([
      'CSP_GLOBAL_CHECK',
    ]);
  });
});

describe('bundled findings', () => {
  const source = only(
    findSuppressions(
      'electron/main/index.ts',
      "x;\n      openExternal: (url) => shell.openExternal(url, 'a'), // eng-disable OPEN_EXTERNAL_JS_CHECK -- reason: only after the checks\n",
    ).suppressions,
  );
  const finding = (checkId: string, sample: string): Finding => ({
    scan: 'build',
    checkId,
    file: 'out/main/index.js',
    line: 530,
    description: 'Review the use of openExternal',
    sample,
  });

  it('normalizes what a bundler reprints', () => {
    expect(normalizeCode("\topenExternal: (url) => f(url, 'a'),")).toBe(
      normalizeCode('openExternal: (url) => f(url, "a")'),
    );
  });

  it('are justified by the source suppression on the same code, for the same check only', () => {
    const bundled = 'openExternal: (url) => shell.openExternal(url, "a")';
    expect(sourceJustification(finding('OPEN_EXTERNAL_JS_CHECK', bundled), [source])).toBe(source);
    expect(sourceJustification(finding('SANDBOX_JS_CHECK', bundled), [source])).toBeUndefined();
    expect(
      sourceJustification(finding('OPEN_EXTERNAL_JS_CHECK', 'shell.openExternal(other)'), [source]),
    ).toBeUndefined();
    expect(
      sourceJustification(finding('OPEN_EXTERNAL_JS_CHECK', bundled), [{ ...source, reason: null }]),
    ).toBeUndefined();
  });
});

describe('formatReport', () => {
  const base: GateResult = {
    electronVersion: '45.4.1',
    toolVersion: '1.10.3',
    scans: [
      { name: 'sources', files: 48, bundled: false },
      { name: 'build', files: 4, bundled: true },
    ],
    checks: { atomic: 36, global: 5 },
    suppressions: [],
    problems: [],
    parseErrors: [],
    parseWarnings: [],
    unjustified: [],
    carried: [],
  };

  it('summarizes a pass in one line', () => {
    const report = formatReport(base);
    expect(report.ok).toBe(true);
    expect(report.lines).toEqual([
      'Electronegativity 1.10.3 (Electron 45.4.1): no unjustified findings — 52 files scanned (sources 48, build 4), ' +
        '41 checks (36 atomic, 5 global), 0 justified suppressions (0 bundle findings matched to them).',
    ]);
  });

  it('fails with one line per finding, problem and unparsed file', () => {
    const sandbox: Finding = {
      scan: 'sources',
      checkId: 'SANDBOX_JS_CHECK',
      file: 'electron/main/security.ts',
      line: 64,
      description: 'Use sandbox for untrusted origins',
      sample: 'sandbox: false,',
    };
    const csp: Finding = { ...sandbox, checkId: 'CSP_GLOBAL_CHECK', file: null, description: 'No CSP' };
    const bundled: Finding = { ...sandbox, scan: 'build', file: 'out/main/index.js', line: 52 };
    const report = formatReport({
      ...base,
      unjustified: [sandbox, csp, bundled],
      problems: [{ file: 'a.ts', line: 3, message: 'eng-disable X without a reason' }],
      parseErrors: ['b.ts could not be parsed'],
    });
    expect(report.ok).toBe(false);
    expect(report.lines.slice(1)).toEqual([
      'b.ts could not be parsed',
      'a.ts:3 eng-disable X without a reason',
      'SANDBOX_JS_CHECK electron/main/security.ts:64 Use sandbox for untrusted origins',
      'CSP_GLOBAL_CHECK (app-wide, sources scan) No CSP',
      'SANDBOX_JS_CHECK out/main/index.js:52 Use sandbox for untrusted origins  [sandbox: false,]',
    ]);
    expect(formatFinding(sandbox)).toBe(report.lines[3]);
  });
});

describe('the gate catches a regression (real Electronegativity run)', () => {
  const root = resolve(import.meta.dirname, '..');
  const scans = [{ name: 'sources', paths: ['electron', 'renderer'], bundled: false }];
  let work: string;
  let original: string;

  /** A copy of security.ts (and the page with the CSP, which the app-wide CSP check needs) in its own tree. */
  async function copyApp(name: string, securityTs: string): Promise<string> {
    const dir = join(work, name);
    await mkdir(join(dir, 'electron/main'), { recursive: true });
    await mkdir(join(dir, 'renderer'), { recursive: true });
    await writeFile(join(dir, 'electron/main/security.ts'), securityTs);
    await copyFile(join(root, 'renderer/index.html'), join(dir, 'renderer/index.html'));
    return dir;
  }

  function gate(dir: string): Promise<GateResult> {
    return runGate({ root: dir, scans, electronVersion: installedElectronVersion() });
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'electronegativity-test-'));
    original = await readFile(join(root, 'electron/main/security.ts'), 'utf8');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('reports nothing for security.ts as it is', { timeout: 60_000 }, async () => {
    const result = await gate(await copyApp('unmodified', original));
    expect(result.problems).toEqual([]);
    expect(result.parseErrors).toEqual([]);
    expect(result.unjustified).toEqual([]);
    expect(formatReport(result).ok).toBe(true);
  });

  it('reports SANDBOX_JS_CHECK when `sandbox: true` is removed', { timeout: 60_000 }, async () => {
    expect(original).toMatch(/^ *sandbox: true,\n/m);
    const result = await gate(await copyApp('removed', original.replace(/^ *sandbox: true,\n/m, '')));
    const finding = only(result.unjustified);
    expect(finding).toMatchObject({ checkId: 'SANDBOX_JS_CHECK', file: 'electron/main/security.ts' });
    // Default false: reported at `new BrowserWindow(`, whose eng-disable names AUXCLICK_JS_CHECK only.
    expect(finding.sample).toMatch(/new BrowserWindow\(/);
    expect(formatReport(result).ok).toBe(false);
  });

  it('reports SANDBOX_JS_CHECK at the line of `sandbox: false`', { timeout: 60_000 }, async () => {
    const modified = original.replace(/^( *)sandbox: true,$/m, '$1sandbox: false,');
    const line = modified.split('\n').findIndex((l) => l.trim() === 'sandbox: false,') + 1;
    const result = await gate(await copyApp('false', modified));
    expect(only(result.unjustified)).toMatchObject({
      checkId: 'SANDBOX_JS_CHECK',
      file: 'electron/main/security.ts',
      line,
    });
  });
});
