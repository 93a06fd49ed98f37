import { appendFileSync, chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where a NonceLog keeps its lines: a file on disk, or a counting stand-in in tests. */
export interface NonceFile {
  /** The whole log; '' when there is none yet. */
  read(): string;
  append(text: string): void;
  /** Replaces the whole log at once. */
  replace(text: string): void;
}

/** The log on disk, private to the relay's user (0600 in a 0700 directory). */
export function nonceFileAt(path: string): NonceFile {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return {
    read: () => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return '';
      }
    },
    append: (text) => appendFileSync(path, text, { mode: 0o600 }),
    replace: (text) => {
      // A crash mid-write must not lose the log: write aside, then rename over it.
      writeFileSync(`${path}.new`, text, { mode: 0o600 });
      renameSync(`${path}.new`, path);
      chmodSync(path, 0o600);
    },
  };
}

const NONCE = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Nonces of relay credentials already used, kept on disk until they expire: a credential
 * captured on the wire cannot be replayed, not even after the relay restarts. Each use is one
 * append; dropping expired lines is `compact`, which the relay runs on a timer, never per request,
 * so refusing a stranger costs the same with 10 or 100,000 live nonces.
 */
export class NonceLog {
  private readonly used = new Map<string, number>();
  private linesInFile = 0;

  constructor(
    private readonly file: NonceFile,
    now: number,
  ) {
    for (const line of file.read().split('\n')) {
      const [nonce, until] = line.split(' ');
      if (nonce && NONCE.test(nonce) && Number(until) > now) this.used.set(nonce, Number(until));
    }
    this.rewrite();
  }

  /** Records `nonce` as used until `until`; false if it was used already or is not a nonce. */
  use(nonce: string, until: number, now: number): boolean {
    if (!NONCE.test(nonce)) return false;
    const known = this.used.get(nonce);
    if (known !== undefined && known > now) return false;
    this.used.set(nonce, until);
    this.file.append(`${nonce} ${until}\n`);
    this.linesInFile++;
    return true;
  }

  /** Forgets expired nonces and rewrites the log with the live ones, if that shrinks it. */
  compact(now: number): void {
    for (const [n, u] of this.used) if (u <= now) this.used.delete(n);
    if (this.linesInFile > this.used.size) this.rewrite();
  }

  get size(): number {
    return this.used.size;
  }

  private rewrite(): void {
    this.file.replace([...this.used].map(([n, u]) => `${n} ${u}\n`).join(''));
    this.linesInFile = this.used.size;
  }
}
