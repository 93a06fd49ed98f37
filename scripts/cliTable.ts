import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { CommandSpec } from '../cli/commandKit';
import { flagSynopsis } from '../cli/commandLine';
import { registry } from '../cli/commands';

export const README = resolve(import.meta.dirname, '..', 'README.md');
const START = '<!-- cli-commands:start -->';
const END = '<!-- cli-commands:end -->';

/** Code points, as prettier counts a cell's width (it counts only East Asian wide characters twice; we use none). */
const width = (text: string): number => [...text].length;
const cell = (markdown: string): string => markdown.replace(/\|/g, '\\|');

/** Past this width a command's optional flags go to its Prints cell, as notes, to keep the table readable. */
const COMMAND_WIDTH = 90;

function row(c: CommandSpec): [string, string] {
  const all = [c.words, ...c.flags.map(flagSynopsis)].join(' ');
  if (all.length <= COMMAND_WIDTH) return [cell(`\`${all}\``), cell(c.prints)];
  const required = [c.words, ...c.flags.filter((f) => f.required).map(flagSynopsis)].join(' ');
  const optional = c.flags.filter((f) => !f.required).map((f) => `\`--${f.name} ${f.value}\``);
  return [cell(`\`${required}\``), cell(`${c.prints} (${optional.join(', ')})`)];
}

/** The README's command table from the registry, padded the way prettier pads a Markdown table. */
export function commandTable(commands: readonly CommandSpec[]): string {
  const rows = [['Command', 'Prints'], ...commands.map(row)];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => width(r[i]!))));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

function between(readme: string): { start: number; end: number } {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  return { start: start + START.length, end };
}

/** The table between the README's markers, as written there. */
export function tableIn(readme: string): string {
  const { start, end } = between(readme);
  return readme.slice(start, end).trim();
}

export function withTable(readme: string, table: string): string {
  const { start, end } = between(readme);
  return `${readme.slice(0, start)}\n\n${table}\n\n${readme.slice(end)}`;
}

/** `npm run docs:cli`: writes the command table into README.md. */
function main(): void {
  const readme = readFileSync(README, 'utf8');
  const table = commandTable(registry);
  if (tableIn(readme) === table) {
    console.log("README.md's command table is up to date.");
    return;
  }
  writeFileSync(README, withTable(readme, table));
  console.log("README.md's command table is rewritten from the registry (cli/commands.ts).");
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main();
