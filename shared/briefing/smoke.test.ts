import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { initCrypto } from '../crypto';
import { briefingMarkdown, briefingPdf, buildBriefing } from './index';
import { briefingTable, fillTable } from './briefingTable';
await initCrypto();
it('smoke', async () => {
  const t = briefingTable({ bulk: 60 });
  fillTable(t);
  const b = buildBriefing(t.admin, { from: t.from, to: t.to, audience: null }, t.clock());
  const r = await briefingPdf(b);
  writeFileSync('/tmp/b.pdf', r.bytes);
  writeFileSync('/tmp/b.md', briefingMarkdown(b));
  console.log(r.pages);
}, 60000);
