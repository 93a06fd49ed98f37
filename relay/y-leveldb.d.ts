// y-leveldb ships types its package.json "exports" hides; these are the parts the relay uses.
declare module 'y-leveldb' {
  import type * as Y from 'yjs';

  export class LeveldbPersistence {
    constructor(location: string, options?: { level?: unknown; levelOptions?: object });
    getYDoc(docName: string): Promise<Y.Doc>;
    storeUpdate(docName: string, update: Uint8Array): Promise<number>;
    flushDocument(docName: string): Promise<void>;
    clearDocument(docName: string): Promise<void>;
    destroy(): Promise<void>;
    /** Runs `f` on the LevelDB handle after every pending operation; resolves null if `f` throws. */
    _transact<T>(f: (db: never) => Promise<T>): Promise<T>;
  }
}
