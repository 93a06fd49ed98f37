import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';

/** A place in the docs that names something in the repository. */
export interface Citation {
  doc: string;
  line: number;
  /** A repository path (`shared/membership/roster.ts`) or a test file with one of its test names. */
  path: string;
  testName?: string;
}

const TOP = /^(?:\.ci|bench|bin|cli|docs|e2e|electron|relay|renderer|scripts|shared)\//;
const TEST_FILE = /\.(?:test|spec)\.tsx?$/;
const QUOTES = /[“”]/g;

/**
 * Every repository path and every quoted test name cited in one Markdown text: backticked paths
 * under the project's top folders, relative Markdown links, and `file.test.ts` followed by the
 * names of its tests in double quotes (`a.test.ts` "one", "two"); "…" in a name stands for any
 * text. A name with a quoted phrase inside is checked up to that phrase.
 */
export function citationsIn(doc: string, text: string): Citation[] {
  const out: Citation[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(QUOTES, '"');
    for (const m of line.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (!/^[a-z]+:/.test(target)) out.push({ doc, line: i + 1, path: normalize(join(dirname(doc), target)) });
    }
    for (const m of line.matchAll(/`([^`\s]+)`/g)) {
      const token = m[1]!.replace(/[,:;.]$/, '');
      if (TOP.test(token) && /\.[a-z]+$|\/$/.test(token) && !/[*<>{}]/.test(token)) {
        out.push({ doc, line: i + 1, path: token });
      }
    }
  });
  // Test names can run over a line break: read them from the text with lines joined.
  const joined = text.replace(QUOTES, '"').replace(/\n\s*/g, ' ');
  for (const m of joined.matchAll(/`([^`\s]+\.(?:test|spec)\.tsx?)`((?:\s*(?:,|and|or)?\s*"[^"]+")+)/g)) {
    const file = m[1]!;
    for (const name of m[2]!.matchAll(/"([^"]+)"/g)) {
      out.push({ doc, line: lineOf(text, file), path: file, testName: name[1]! });
    }
  }
  return out;
}

/** Test names are read with lines joined: report the first line that names the file. */
const lineOf = (text: string, file: string): number => text.split('\n').findIndex((l) => l.includes(`\`${file}\``)) + 1;

/** Quotes and spaces as one form, so `'a "b"'` in a test file matches "a 'b'" in the docs. */
const plain = (text: string): string => text.replace(/\\`/g, '`').replace(/"/g, "'").replace(/\s+/g, ' ').trim();
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Test titles with placeholders (`it.each`'s %s, a template's ${…}) as patterns over a cited name. */
function titlePatterns(source: string): RegExp[] {
  const literals = source.match(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`]*`/g) ?? [];
  return literals
    .map((l) => plain(l.slice(1, -1).replace(/\\'/g, "'")))
    .filter((l) => /%[sdijo]|\$\{[^}]*\}|\$[a-z]/i.test(l))
    .map((l) => {
      const parts = l.split(/%[sdijo]|\$\{[^}]*\}|\$[a-z]\w*/i).map(escapeRegExp);
      return new RegExp(`^${parts.join('.+')}$`);
    });
}

/** Why a citation does not hold, or null if it does. `files` lists the repository's files. */
export function checkCitation(root: string, files: string[], c: Citation): string | null {
  const candidates = c.path.includes('/') ? [c.path] : files.filter((f) => basename(f) === c.path);
  const found = candidates.find((p) => existsSync(join(root, p)));
  if (!found) return `${c.doc}:${c.line} cites ${c.path}, which does not exist`;
  if (c.testName === undefined || !TEST_FILE.test(found)) return null;
  const raw = readFileSync(join(root, found), 'utf8');
  const source = plain(raw.replace(/\\'/g, "'"));
  const name = plain(c.testName);
  const inOrder = (parts: string[]) => {
    let from = 0;
    return parts.every((part) => {
      const at = source.indexOf(part, from);
      from = at + part.length;
      return at >= 0;
    });
  };
  const parts = name.split('…').map((p) => p.trim());
  // A name may be a describe's title and its test's, joined with a space.
  const words = name.split(' ');
  const literal =
    inOrder(parts) || words.some((_, i) => i > 0 && inOrder([words.slice(0, i).join(' '), words.slice(i).join(' ')]));
  const patterned = titlePatterns(raw).some((p) => p.test(name));
  return literal || patterned
    ? null
    : `${c.doc}:${c.line} cites the test "${c.testName}" in ${found}, which has no such test`;
}
