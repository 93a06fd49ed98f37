import * as Y from 'yjs';

import { generateIdentity } from '../crypto';
import type { Identity } from '../crypto';
import { SecureWorkspace } from './SecureWorkspace';
import type { SyncReport } from './SyncReport';

/** A manual clock for the batching window: nothing fires until `tick()`. */
export function manualClock() {
  const queue = new Set<() => void>();
  return {
    schedule: (fn: () => void) => {
      queue.add(fn);
      return () => queue.delete(fn);
    },
    tick: () => {
      const due = [...queue];
      queue.clear();
      due.forEach((fn) => fn());
    },
  };
}

export interface TestClient {
  identity: Identity;
  transport: Y.Doc;
  workspace: SecureWorkspace;
  reports: SyncReport[];
  clock: ReturnType<typeof manualClock>;
}

export function testClient(workspaceId: string, transport: Y.Doc, identity: Identity = generateIdentity()): TestClient {
  const clock = manualClock();
  const reports: SyncReport[] = [];
  const workspace = new SecureWorkspace({
    workspaceId,
    identity,
    transport,
    schedule: clock.schedule,
    onReport: (r) => reports.push(r),
  });
  return { identity, transport, workspace, reports, clock };
}

/** Brings two transport documents to the same state, as a relay round trip would. */
export function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'network');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'network');
}
