import * as Y from 'yjs';

/**
 * A second Y.Doc that mirrors a content document both ways. Lexical's Yjs binding builds an
 * editor from the changes it observes, starting from an empty document: handed a document that
 * already holds a note, it shows nothing. Bound to a fresh mirror, it observes the note arrive
 * when `link()` copies it over — after the binding listens — and its edits flow back into the
 * content document as local edits, sealed and signed like any other.
 */
export class DocMirror {
  readonly mirror = new Y.Doc();
  private linked = false;

  /**
   * `clientId`: the Yjs client id the mirror writes under. Its edits reach the content document as
   * structs of that id, and receivers accept only ids their author owns (ADR 0008), so a mirror of
   * a workspace document takes one from SecureWorkspace.mirrorClientId.
   */
  constructor(
    private readonly source: Y.Doc,
    private readonly clientId?: number,
  ) {
    if (clientId !== undefined) this.mirror.clientID = clientId;
  }

  /** Copies what each side lacks to the other, then keeps them in step. Idempotent. */
  link(): void {
    if (this.linked) return;
    this.linked = true;
    this.source.on('update', this.fromSource);
    this.mirror.on('update', this.toSource);
    Y.applyUpdate(this.mirror, Y.encodeStateAsUpdate(this.source, Y.encodeStateVector(this.mirror)), this);
    // A mirror before us wrote under this id, and its structs just arrived: Yjs then draws a random
    // id. We hold all of them, so continuing after them under our own id is safe.
    if (this.clientId !== undefined) this.mirror.clientID = this.clientId;
    Y.applyUpdate(this.source, Y.encodeStateAsUpdate(this.mirror, Y.encodeStateVector(this.source)), this);
  }

  unlink(): void {
    if (!this.linked) return;
    this.linked = false;
    this.source.off('update', this.fromSource);
    this.mirror.off('update', this.toSource);
  }

  destroy(): void {
    this.unlink();
    this.mirror.destroy();
  }

  private readonly fromSource = (update: Uint8Array, origin: unknown): void => {
    if (origin !== this) Y.applyUpdate(this.mirror, update, this);
  };

  private readonly toSource = (update: Uint8Array, origin: unknown): void => {
    if (origin !== this) Y.applyUpdate(this.source, update, this);
  };
}
