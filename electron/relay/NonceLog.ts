import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Nonces of relay credentials already used, kept on disk until they expire: a credential
 * captured on the wire cannot be replayed, not even after the relay restarts.
 */
export class NonceLog {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly path: string,
    now: number,
  ) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // no log yet
    }
    for (const line of text.split('\n')) {
      const [nonce, until] = line.split(' ');
      if (nonce && Number(until) > now) this.used.set(nonce, Number(until));
    }
    // Rewritten with only the live entries, so the log never grows past one window.
    mkdirSync(dirname(path), { recursive: true });
    this.rewrite();
  }

  /** Records `nonce` as used until `until`; false if it was used already. */
  use(nonce: string, until: number, now: number): boolean {
    if (this.used.has(nonce)) return false;
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(nonce)) return false;
    this.used.set(nonce, until);
    appendFileSync(this.path, `${nonce} ${until}\n`);
    if (this.used.size > 10_000) {
      for (const [n, u] of this.used) if (u < now) this.used.delete(n);
      this.rewrite(); // the log on disk shrinks with the set
    }
    return true;
  }

  private rewrite(): void {
    writeFileSync(this.path, [...this.used].map(([n, u]) => `${n} ${u}\n`).join(''), { mode: 0o600 });
  }
}
