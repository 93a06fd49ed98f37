import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { checkCitation, citationsIn } from './docCitations';

const root = resolve(import.meta.dirname, '..');
const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
const docs = files.filter((f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')));

describe('docs cite what exists', () => {
  it('every repository path and every quoted test name in README.md and docs/ exists', () => {
    const citations = docs.flatMap((doc) => citationsIn(doc, readFileSync(resolve(root, doc), 'utf8')));
    expect(citations.length).toBeGreaterThan(50);
    expect(citations.filter((c) => c.testName).length).toBeGreaterThan(20);
    const broken = citations.map((c) => checkCitation(root, files, c)).filter((why) => why !== null);
    expect(broken).toEqual([]);
  });

  it('finds a missing path and a test name that no test has', () => {
    const text = [
      'See `shared/sync/noSuchFile.ts` and [the ADR](adr/0099-none.md).',
      'Tested: `HostileClient.test.ts` "cannot seal under a key never wrapped for it", "a test that was never written".',
    ].join('\n');
    const why = citationsIn('docs/x.md', text).map((c) => checkCitation(root, files, c));
    expect(why).toEqual([
      'docs/x.md:1 cites docs/adr/0099-none.md, which does not exist',
      'docs/x.md:1 cites shared/sync/noSuchFile.ts, which does not exist',
      null,
      'docs/x.md:2 cites the test "a test that was never written" in shared/testkit/HostileClient.test.ts, which has no such test',
    ]);
  });
});
