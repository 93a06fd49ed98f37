/**
 * `npm run test:security` (after `npm run build`): Doyensec's Electronegativity as a gate.
 *
 * Two scans, each one Electronegativity run over a staged copy, so that its app-wide checks (CSP, navigation
 * limits, permission handler) see one whole app:
 *   sources  electron/, renderer/, shared/ — the app's own code (tests left out: they do not ship);
 *   build    out/main, out/preload, out/renderer — what `electron-vite build` produced. Electronegativity reads
 *            only .js .jsx .ts .tsx .html .htm files, so .cjs/.mjs (the preload bundle!) are staged as .js.
 * package.json is not scanned: its only finding would be ELECTRON_VERSION_JSON_CHECK, a note to review the
 * Electron version, which JSON cannot carry a justification for.
 *
 * Electronegativity exits 0 whatever it finds. This gate fails (exit 1) on every finding that is not
 * justified, one line each (check id, file:line, description), and on any file it could not parse.
 *
 * A justification is Electronegativity's own suppression comment, plus a reason, which this gate requires:
 *   JS/TS:  flagged code // eng-disable CHECK_ID -- reason: why this is safe
 *           /* eng-disable CHECK_ID -- reason: why this is safe *\/ flagged code
 *   HTML:   <!-- eng-disable CHECK_ID --><!-- reason: why this is safe -->
 * How Electronegativity reads them (node_modules/@doyensec/electronegativity/dist/util/exceptions.js): only on
 * the finding's own line, or on the file's first line for the whole file; the check ids are the words after
 * `eng-disable` — its pattern takes word characters, spaces and tabs only, so `--` ends the ids and it ignores
 * the reason after it (checked: the suppressions in this repository hold). Separate several ids by spaces,
 * not commas (a comma ends the list too). Its HTML pattern accepts nothing but ids before `-->`, hence the
 * reason in a second comment on the same line. `CSP_GLOBAL_CHECK` on the line of a CSP (or the first line)
 * silences the global CSP verdict. Every eng-disable comment in the sources must name known check ids (in
 * their ID form) and carry a reason of at least MIN_REASON_LENGTH characters, or the gate fails.
 *
 * Bundles lose comments: the bundler drops or moves them. A finding in a bundled scan is therefore justified
 * when its line is the same code (ignoring whitespace, quote style and a trailing , or ;) as a source line
 * that carries a justified eng-disable for the same check. If the bundler reshapes that line, the finding
 * fails: restructure the source so the flagged line survives bundling as it is.
 *
 * Offline: Electronegativity fetches translations at start ("Could not retrieve updated translations" — it
 * falls back to the English it ships) and AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release
 * list from GitHub. That check is excluded: it cannot work offline, and it judges only an Electron version
 * found in a package.json, which is not scanned. The Electron version the other checks assume (for default
 * web preferences) is the installed one, passed in rather than guessed (it would assume 0.1.0, all insecure).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

import { z } from 'zod';

export interface ScanSpec {
  name: string;
  /** Directories (or files) relative to the root, staged together as one app. */
  paths: string[];
  /** Bundler output: comments are gone, so findings are matched against the sources' justifications. */
  bundled: boolean;
}

export const DEFAULT_SCANS: ScanSpec[] = [
  { name: 'sources', paths: ['electron', 'renderer', 'shared'], bundled: false },
  { name: 'build', paths: ['out/main', 'out/preload', 'out/renderer'], bundled: true },
];

/** Class names, as Electronegativity's exclusion list wants them; why each is excluded is said at the top. */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export const MIN_REASON_LENGTH = 10;

export interface Finding {
  scan: string;
  checkId: string;
  /** Relative to the root, or null for an app-wide finding. */
  file: string | null;
  line: number;
  description: string;
  /** The flagged line, trimmed (for a CSP verdict: the policy). */
  sample: string;
}

export interface ScanOutput {
  globalChecks: number;
  atomicChecks: number;
  /** Every check id Electronegativity knows, to validate suppressions against. */
  checkIds: string[];
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: { id: string; file: string; line: number; description: string; sample: string }[];
}

export interface Suppression {
  file: string;
  /** 1-based. */
  line: number;
  checkIds: string[];
  reason: string | null;
  /** The line's code without the comment. */
  code: string;
  /** On the file's first line: Electronegativity applies it to the whole file. */
  fileWide: boolean;
}

/** Something wrong with an eng-disable comment; `message` says what. */
export interface SuppressionProblem {
  file: string;
  line: number;
  message: string;
}

const scanOutputSchema = z.object({
  globalChecks: z.number().int(),
  atomicChecks: z.number().int(),
  checkIds: z.array(z.string()),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  issues: z.array(
    z.object({ id: z.string(), file: z.string(), line: z.number(), description: z.string(), sample: z.string() }),
  ),
});

/** Parses what the worker (below) wrote; throws if it is not that shape. */
export function parseScanOutput(json: string): ScanOutput {
  return scanOutputSchema.parse(JSON.parse(json));
}

/** Electronegativity's issues as findings, with staged paths mapped back to the files they came from. */
export function toFindings(scan: string, output: ScanOutput, originalPath: (staged: string) => string): Finding[] {
  return output.issues.map((issue) => ({
    scan,
    checkId: issue.id,
    file: issue.file === 'N/A' ? null : originalPath(issue.file),
    line: issue.line,
    description: issue.description,
    sample: issue.sample,
  }));
}

const JS_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.cjs', '.mjs', '.cts', '.mts']);
const HTML_EXTENSIONS = new Set(['.html', '.htm']);
const JS_COMMENT = /(\/\*|\/\/)[ \t]*eng-disable[ \t]+([\w \t]*)/gi;
const HTML_COMMENT = /<!--[ \t]*eng-disable[ \t]+([\w \t]*?)[ \t]*-->(?:[ \t]*<!--[ \t]*reason:(.*?)-->)?/gi;

function cleanReason(text: string | undefined): string | null {
  const reason = (text ?? '').replace(/\s+/g, ' ').trim();
  return reason === '' ? null : reason;
}

function checkIdsOf(list: string): string[] {
  return list
    .trim()
    .split(/[ \t]+/)
    .filter((id) => id !== '')
    .map((id) => id.toUpperCase());
}

/**
 * The eng-disable comments of one source file, read as Electronegativity reads them (line by line), with the
 * reason this gate requires. Lines that mention eng-disable in a form the tool would not read are problems.
 */
export function findSuppressions(
  file: string,
  text: string,
): { suppressions: Suppression[]; problems: SuppressionProblem[] } {
  const extension = extname(file).toLowerCase();
  const html = HTML_EXTENSIONS.has(extension);
  if (!html && !JS_EXTENSIONS.has(extension)) return { suppressions: [], problems: [] };
  const lines = text.split('\n');
  const suppressions: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  lines.forEach((raw, index) => {
    const lineText = raw.replace(/\r$/, '');
    if (!/eng-disable/i.test(lineText)) return;
    const line = index + 1;
    const found: Suppression[] = [];
    if (html) {
      for (const m of lineText.matchAll(HTML_COMMENT)) {
        const code = lineText.slice(0, m.index) + lineText.slice(m.index + m[0].length);
        found.push({
          file,
          line,
          checkIds: checkIdsOf(m[1] ?? ''),
          reason: cleanReason(m[2]),
          code,
          fileWide: line === 1,
        });
      }
    } else {
      for (const m of lineText.matchAll(JS_COMMENT)) {
        const rest = lineText.slice(m.index + m[0].length);
        let body: string;
        let code: string;
        if (m[1] === '//') {
          body = rest;
          code = lineText.slice(0, m.index);
        } else {
          // A block comment may run on over the next lines; its reason with it.
          const tail = [rest, ...lines.slice(index + 1)].join('\n');
          const end = tail.indexOf('*/');
          body = end === -1 ? tail : tail.slice(0, end);
          const closesHere = end !== -1 && end <= rest.length;
          code = lineText.slice(0, m.index) + (closesHere ? rest.slice(end + 2) : '');
        }
        const reason = /^--[ \t]*reason:([\s\S]*)$/i.exec(body.trim())?.[1];
        found.push({
          file,
          line,
          checkIds: checkIdsOf(m[2] ?? ''),
          reason: cleanReason(reason),
          code,
          fileWide: line === 1,
        });
      }
    }
    if (found.length === 0) {
      const form = html ? '<!-- eng-disable CHECK_ID --><!-- reason: … -->' : '// eng-disable CHECK_ID -- reason: …';
      problems.push({ file, line, message: `eng-disable in a form Electronegativity does not read (write: ${form})` });
    }
    suppressions.push(...found);
  });
  return { suppressions, problems };
}

/** Every suppression needs known check ids (ID form) and a reason. */
export function suppressionProblems(
  suppressions: Suppression[],
  knownCheckIds: ReadonlySet<string>,
): SuppressionProblem[] {
  const problems: SuppressionProblem[] = [];
  for (const s of suppressions) {
    if (s.checkIds.length === 0) problems.push({ file: s.file, line: s.line, message: 'eng-disable names no check' });
    for (const id of s.checkIds) {
      if (!knownCheckIds.has(id)) {
        problems.push({
          file: s.file,
          line: s.line,
          message: `eng-disable names ${id}, which is not an Electronegativity check id`,
        });
      }
    }
    if (s.reason === null || s.reason.length < MIN_REASON_LENGTH) {
      problems.push({
        file: s.file,
        line: s.line,
        message: `eng-disable ${s.checkIds.join(' ')} without a reason (add: -- reason: why this is safe)`,
      });
    }
  }
  return problems;
}

/** Code as the bundler may reprint it: no whitespace, one quote style, no trailing , or ;. */
export function normalizeCode(code: string): string {
  return code
    .replace(/\s+/g, '')
    .replace(/'/g, '"')
    .replace(/[,;]+$/, '');
}

/** The justified source suppression that a bundled finding's line is a copy of, if any. */
export function sourceJustification(finding: Finding, suppressions: Suppression[]): Suppression | undefined {
  const code = normalizeCode(finding.sample);
  if (code === '') return undefined;
  return suppressions.find(
    (s) =>
      s.reason !== null &&
      s.reason.length >= MIN_REASON_LENGTH &&
      s.checkIds.includes(finding.checkId.toUpperCase()) &&
      normalizeCode(s.code) === code,
  );
}

/** One line: check id, file:line, description (and, for a bundle, the flagged code). */
export function formatFinding(finding: Finding, bundled = false): string {
  const where = finding.file === null ? `(app-wide, ${finding.scan} scan)` : `${finding.file}:${finding.line}`;
  const code = bundled && finding.sample !== '' ? `  [${finding.sample}]` : '';
  return `${finding.checkId} ${where} ${finding.description}${code}`;
}

export interface GateResult {
  electronVersion: string;
  toolVersion: string;
  scans: { name: string; files: number; bundled: boolean }[];
  checks: { atomic: number; global: number };
  suppressions: Suppression[];
  problems: SuppressionProblem[];
  /** Files Electronegativity could not parse (so did not check), and tolerable parse warnings. */
  parseErrors: string[];
  parseWarnings: string[];
  unjustified: Finding[];
  /** Bundled findings justified by the source suppression on the same code. */
  carried: { finding: Finding; by: Suppression }[];
}

/** What to print, and whether the gate passed. */
export function formatReport(result: GateResult): { ok: boolean; lines: string[] } {
  const bundledScans = new Set(result.scans.filter((s) => s.bundled).map((s) => s.name));
  const failures = [
    ...result.parseErrors,
    ...result.problems.map((p) => `${p.file}:${p.line} ${p.message}`),
    ...result.unjustified.map((f) => formatFinding(f, bundledScans.has(f.scan))),
  ];
  const warnings = result.parseWarnings.map((w) => `warning: ${w}`);
  if (failures.length > 0) {
    return {
      ok: false,
      lines: [
        ...warnings,
        `Electronegativity ${result.toolVersion}: ${failures.length} problem(s) — fix each, or justify a false positive ` +
          `on its line with \`eng-disable CHECK_ID -- reason: …\` (see scripts/electronegativity.ts):`,
        ...failures,
      ],
    };
  }
  const files = result.scans.map((s) => `${s.name} ${s.files}`).join(', ');
  const total = result.scans.reduce((sum, s) => sum + s.files, 0);
  return {
    ok: true,
    lines: [
      ...warnings,
      `Electronegativity ${result.toolVersion} (Electron ${result.electronVersion}): no unjustified findings — ` +
        `${total} files scanned (${files}), ${result.checks.atomic + result.checks.global} checks ` +
        `(${result.checks.atomic} atomic, ${result.checks.global} global), ${result.suppressions.length} justified ` +
        `suppressions (${result.carried.length} bundle findings matched to them).`,
    ],
  };
}

// ---- Running Electronegativity -------------------------------------------------------------------------------

const requireHere = createRequire(import.meta.url);
const toolDir = dirname(requireHere.resolve('@doyensec/electronegativity/package.json'));

/** The installed Electron's version: what ships, and what Electronegativity should assume. */
export function installedElectronVersion(): string {
  return (requireHere('electron/package.json') as { version: string }).version;
}

function toolVersion(): string {
  return (requireHere('@doyensec/electronegativity/package.json') as { version: string }).version;
}

/**
 * Runs in a child Node (CommonJS), through Electronegativity's documented programmatic API rather than its
 * CLI: with `-o file.sarif` the CLI drops parse errors (a file it cannot parse is silently not checked) and
 * the number of checks; this returns both. Its console chatter goes to stderr; the result to a file.
 */
const WORKER = `
'use strict';
const [toolDir, input, electronVersion, excluded, resultFile] = process.argv.slice(1);
const toStderr = (...args) => process.stderr.write(args.join(' ') + '\\n');
console.log = console.info = console.warn = toStderr;
const run = require(toolDir);
run({ input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: excluded ? excluded.split(',') : [] })
  .then((result) => {
    const ids = (checks) => checks.map((Check) => new Check().id);
    const checkIds = [
      ...ids(require(toolDir + '/dist/finder/checks/AtomicChecks').CHECKS),
      ...ids(require(toolDir + '/dist/finder/checks/GlobalChecks').GLOBAL_CHECKS),
    ];
    const issues = result.issues.map((i) => ({
      id: i.id, file: i.file, line: i.location.line, description: i.description, sample: i.sample || '',
    }));
    const errors = result.errors.map((e) => ({ file: e.file, message: String(e.message), tolerable: Boolean(e.tolerable) }));
    require('fs').writeFileSync(resultFile, JSON.stringify({
      globalChecks: result.globalChecks, atomicChecks: result.atomicChecks, checkIds, errors, issues,
    }));
  })
  .catch((e) => { toStderr(e && e.stack ? e.stack : String(e)); process.exit(2); });
`;

async function runElectronegativity(input: string, electronVersion: string, resultFile: string): Promise<ScanOutput> {
  const excluded = EXCLUDED_CHECKS.map((c) => c.toLowerCase()).join(',');
  const args = ['--input-type=commonjs', '-e', WORKER, toolDir, input, electronVersion, excluded, resultFile];
  const stderr: string[] = [];
  const code = await new Promise<number | null>((done) => {
    // LANG picks the (shipped) English texts; the tool looks its locale up by it.
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LANG: 'en-US' },
      timeout: 180_000,
    });
    child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    child.on('close', done);
    child.on('error', () => done(null));
  });
  if (code !== 0) throw new Error(`Electronegativity failed (exit ${String(code)}): ${stderr.join('').trim()}`);
  return parseScanOutput(await readFile(resultFile, 'utf8'));
}

const READ_AS_IS = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);
const READ_RENAMED: Record<string, string> = { '.cjs': '.js', '.mjs': '.js', '.cts': '.ts', '.mts': '.ts' };

/** Where a file is staged so that Electronegativity reads it (null: it would not read it at all). */
export function stagedName(file: string): string | null {
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(file)) return null;
  const extension = extname(file).toLowerCase();
  if (READ_AS_IS.has(extension)) return file;
  const as = READ_RENAMED[extension];
  return as === undefined ? null : file + as;
}

async function listFiles(root: string, path: string): Promise<string[]> {
  const absolute = join(root, path);
  const entries = await readdir(absolute, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOTDIR') return null;
    if (e.code === 'ENOENT') throw new Error(`${path} does not exist (run \`npm run build\` first for out/)`);
    throw e;
  });
  if (entries === null) return [path];
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name === 'node_modules') continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

/** Relative, with forward slashes. */
function portable(path: string): string {
  return path.split(sep).join('/');
}

async function runScan(
  root: string,
  scan: ScanSpec,
  electronVersion: string,
): Promise<{ output: ScanOutput; findings: Finding[]; files: number }> {
  const base = await mkdtemp(join(tmpdir(), 'electronegativity-'));
  try {
    const app = join(base, 'app');
    const original = new Map<string, string>();
    for (const path of scan.paths) {
      for (const file of await listFiles(root, path)) {
        const staged = stagedName(file);
        if (staged === null) continue;
        await mkdir(dirname(join(app, staged)), { recursive: true });
        await copyFile(join(root, file), join(app, staged));
        original.set(portable(staged), portable(file));
      }
    }
    if (original.size === 0) throw new Error(`the ${scan.name} scan found no files in ${scan.paths.join(', ')}`);
    const output = await runElectronegativity(app, electronVersion, join(base, 'result.json'));
    const findings = toFindings(scan.name, output, (staged) => original.get(portable(staged)) ?? staged);
    output.errors = output.errors.map((e) => ({ ...e, file: original.get(portable(relative(app, e.file))) ?? e.file }));
    return { output, findings, files: original.size };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** Runs every scan and judges each finding. */
export async function runGate(options: {
  root: string;
  scans: ScanSpec[];
  electronVersion: string;
}): Promise<GateResult> {
  const { root, scans, electronVersion } = options;
  const results = await Promise.all(scans.map((scan) => runScan(root, scan, electronVersion)));

  const suppressions: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  for (const scan of scans.filter((s) => !s.bundled)) {
    for (const path of scan.paths) {
      for (const file of await listFiles(root, path)) {
        if (stagedName(file) === null) continue;
        const found = findSuppressions(portable(file), await readFile(join(root, file), 'utf8'));
        suppressions.push(...found.suppressions);
        problems.push(...found.problems);
      }
    }
  }
  const first = results[0]?.output;
  problems.push(...suppressionProblems(suppressions, new Set(first?.checkIds ?? [])));

  const unjustified: Finding[] = [];
  const carried: GateResult['carried'] = [];
  scans.forEach((scan, i) => {
    for (const finding of results[i]?.findings ?? []) {
      const by = scan.bundled ? sourceJustification(finding, suppressions) : undefined;
      if (by) carried.push({ finding, by });
      else unjustified.push(finding);
    }
  });
  const errors = results.flatMap((r) => r.output.errors);
  return {
    electronVersion,
    toolVersion: toolVersion(),
    scans: scans.map((scan, i) => ({ name: scan.name, files: results[i]?.files ?? 0, bundled: scan.bundled })),
    checks: { atomic: first?.atomicChecks ?? 0, global: first?.globalChecks ?? 0 },
    suppressions: suppressions.filter((s) => !problems.some((p) => p.file === s.file && p.line === s.line)),
    problems,
    parseErrors: errors
      .filter((e) => !e.tolerable)
      .map((e) => `${e.file} could not be parsed, so was not checked: ${e.message}`),
    parseWarnings: errors.filter((e) => e.tolerable).map((e) => `${e.file}: ${e.message}`),
    unjustified,
    carried,
  };
}

async function main(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  const result = await runGate({ root, scans: DEFAULT_SCANS, electronVersion: installedElectronVersion() });
  const report = formatReport(result);
  for (const line of report.lines) (report.ok ? console.log : console.error)(line);
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(`Electronegativity gate: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
