import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import WebSocket from 'ws';
import * as Y from 'yjs';

import { generateIdentity, randomBytes, toBase64Url } from '../shared/crypto';
import { createRelayAuth } from '../shared/protocol';
import { createWorkspaceTransport } from '../shared/membership';
import { connectRelay } from '../cli';
import { startRelay } from '../relay';
import type { Log } from './harness';
import { now } from './harness';
import { median, ratio, round } from './stats';

export interface H1Config {
  /** Strangers refused in the measured run. */
  strangers: number;
  /** Live nonces already in the relay's log when the measured run starts (the old cliff was ~10,000). */
  prefilledNonces: number;
  /** The first and the last `window` refusals are compared, and a fresh relay's first `window`. */
  window: number;
  /** Refusals per throughput sample. */
  chunk: number;
  /** Upgrades in flight at once. */
  concurrency: number;
  targetRatio: number;
}

export interface H1Result {
  config: H1Config;
  /** Median refusals per second over the chunks of each window. */
  baselinePerSecond: number;
  firstPerSecond: number;
  lastPerSecond: number;
  ratios: { firstOverLast: number; baselineOverLast: number };
  /** Every upgrade was refused with 4403 "not a member of this workspace". */
  allRefused: boolean;
  target: { limit: number; value: number; met: boolean };
}

type Credential = string;

/** A stranger's upgrade: a valid signature by a key the roster does not hold. */
function strangerCredentials(workspaceId: string, count: number): Credential[] {
  return Array.from({ length: count }, () => {
    const auth = createRelayAuth(workspaceId, generateIdentity(), Date.now());
    return Object.entries(auth)
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&');
  });
}

function refused(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('close', (code) => resolve(code === 4403));
    ws.on('unexpected-response', () => resolve(false));
    ws.on('error', () => resolve(false));
  });
}

/** Refuses every credential, `concurrency` at a time; returns refusals per second for each chunk. */
async function refuseAll(
  base: string,
  credentials: Credential[],
  config: H1Config,
): Promise<{ rates: number[]; allRefused: boolean }> {
  const rates: number[] = [];
  let allRefused = true;
  for (let start = 0; start < credentials.length; start += config.chunk) {
    const chunk = credentials.slice(start, start + config.chunk);
    const t0 = now();
    let next = 0;
    await Promise.all(
      Array.from({ length: config.concurrency }, async () => {
        while (next < chunk.length) {
          const credential = chunk[next++]!;
          if (!(await refused(`${base}?${credential}`))) allRefused = false;
        }
      }),
    );
    rates.push((chunk.length / (now() - t0)) * 1000);
  }
  return { rates, allRefused };
}

/** A relay holding one workspace (its creator connected once), with `prefilled` live nonces in its log. */
async function relayWithWorkspace(prefilled: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'unity-h1-'));
  const until = Date.now() + 10 * 60 * 1000;
  const lines = Array.from({ length: prefilled }, () => `${toBase64Url(randomBytes(16))} ${until}\n`);
  writeFileSync(join(dataDir, 'used-credentials.log'), lines.join(''));
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
  const creator = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, creator, Date.now());
  const c = connectRelay(relay.url, workspaceId, transport, creator);
  await c.upToDate(10_000);
  c.destroy();
  return {
    workspaceId,
    base: `${relay.url}/${workspaceId}`,
    close: async () => {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * H1: the cost of refusing a stranger stays constant (issue 11, item 2). A relay whose nonce log
 * already holds `prefilledNonces` live entries refuses `strangers` upgrades (valid signatures, keys
 * not in the roster); the median throughput of its first and last `window` refusals is compared
 * with a fresh relay's (empty log) first `window`, all in this one run.
 */
export async function runH1(config: H1Config, log: Log): Promise<H1Result> {
  const fresh = await relayWithWorkspace(0);
  log(`H1: ${config.window} strangers against a fresh relay (baseline)`);
  const baseline = await refuseAll(fresh.base, strangerCredentials(fresh.workspaceId, config.window), config);
  await fresh.close();

  const loaded = await relayWithWorkspace(config.prefilledNonces);
  log(`H1: ${config.strangers} strangers against a relay with ${config.prefilledNonces} live nonces`);
  const run = await refuseAll(loaded.base, strangerCredentials(loaded.workspaceId, config.strangers), config);
  await loaded.close();

  const perWindow = Math.max(1, Math.round(config.window / config.chunk));
  const baselinePerSecond = round(median(baseline.rates), 1);
  const firstPerSecond = round(median(run.rates.slice(0, perWindow)), 1);
  const lastPerSecond = round(median(run.rates.slice(-perWindow)), 1);
  const ratios = {
    firstOverLast: ratio(firstPerSecond, lastPerSecond),
    baselineOverLast: ratio(baselinePerSecond, lastPerSecond),
  };
  const value = Math.max(ratios.firstOverLast, ratios.baselineOverLast);
  return {
    config,
    baselinePerSecond,
    firstPerSecond,
    lastPerSecond,
    ratios,
    allRefused: baseline.allRefused && run.allRefused,
    target: { limit: config.targetRatio, value, met: value <= config.targetRatio },
  };
}
