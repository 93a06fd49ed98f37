// Bench P5 in the page: functions serialized by Playwright and run in Chromium, timed on the
// page's own clock (they may use nothing from this file; the Node-only type check knows no DOM,
// so what they touch is declared here).

interface PageElement {
  textContent: string | null;
  lastElementChild: PageElement | null;
  previousElementSibling: PageElement | null;
  isContentEditable?: boolean;
  querySelector(selector: string): PageElement | null;
  addEventListener(type: string, listener: () => void, capture: boolean): void;
  removeEventListener(type: string, listener: () => void, capture: boolean): void;
  dispatchEvent(event: unknown): boolean;
  click(): void;
}
interface PageKeyEvent {
  type: string;
  key: string;
  timeStamp: number;
  target: PageElement | null;
}
interface KeyProbe {
  /** Per keystroke: the keydown's timestamp, and the latest readings for it (the last one wins). */
  starts: number[];
  queued: number[];
  handled: number[];
  painted: number[];
  remove(): void;
}
interface PageGlobal {
  document: { querySelector(selector: string): PageElement | null; activeElement: PageElement | null };
  requestAnimationFrame(callback: () => void): number;
  addEventListener(type: string, listener: (e: PageKeyEvent) => void, capture: boolean): void;
  removeEventListener(type: string, listener: (e: PageKeyEvent) => void, capture: boolean): void;
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(value: unknown): void } };
  DataTransfer: new () => { setData(type: string, data: string): void };
  ClipboardEvent: new (type: string, init: Record<string, unknown>) => unknown;
  __p5keys?: KeyProbe;
}

/**
 * One of the editor's last blocks starts with `marker` (the note's last paragraph is in the DOM;
 * an empty paragraph may follow it, as the one a new note is seeded with).
 */
export interface ShownCheck {
  editorLabel: string;
  marker: string;
  timeoutMs: number;
}

/**
 * Clicks `target` (a tab or a note's button), then checks every frame for the note's last
 * paragraph; resolves a task after the frame that has it (that frame is painted), in ms from the
 * click; -1 if it did not come within the timeout.
 */
export function clickUntilShown(target: unknown, check: ShownCheck): Promise<number> {
  const page = globalThis as unknown as PageGlobal;
  return new Promise((resolve) => {
    const t0 = performance.now();
    (target as PageElement).click();
    const poll = () => {
      const editor = page.document.querySelector(`[aria-label="Text of ${check.editorLabel}"]`);
      let block = editor?.lastElementChild ?? null;
      for (let k = 0; block && k < 2 && !block.textContent?.startsWith(check.marker); k++)
        block = block.previousElementSibling;
      if (block?.textContent?.startsWith(check.marker)) {
        const channel = new page.MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - t0);
        channel.port2.postMessage(0);
      } else if (performance.now() - t0 > check.timeoutMs) resolve(-1);
      else page.requestAnimationFrame(poll);
    };
    page.requestAnimationFrame(poll);
  });
}

/**
 * A paste as the browser delivers one from another app's clipboard, into the note's editor;
 * resolves like clickUntilShown once the pasted last paragraph is painted.
 */
export function pasteUntilShown({ html, ...check }: ShownCheck & { html: string }): Promise<number> {
  const page = globalThis as unknown as PageGlobal;
  return new Promise((resolve) => {
    const editor = page.document.querySelector(`[aria-label="Text of ${check.editorLabel}"]`);
    if (!editor) throw new Error(`no editor for ${check.editorLabel}`);
    const t0 = performance.now();
    const transfer = new page.DataTransfer();
    transfer.setData('text/html', html);
    transfer.setData('text/plain', 'fallback');
    editor.dispatchEvent(
      new page.ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
    const poll = () => {
      let block = editor.lastElementChild;
      for (let k = 0; block && k < 2 && !block.textContent?.startsWith(check.marker); k++)
        block = block.previousElementSibling;
      if (block?.textContent?.startsWith(check.marker)) {
        const channel = new page.MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - t0);
        channel.port2.postMessage(0);
      } else if (performance.now() - t0 > check.timeoutMs) resolve(-1);
      else page.requestAnimationFrame(poll);
    };
    page.requestAnimationFrame(poll);
  });
}

/**
 * Times every character keystroke into an editable element, from the keydown's timestamp (when
 * the browser took the input, so time it waited for the main thread counts):
 * - handled: until the keystroke's last input event (keydown, keypress, beforeinput, input) has
 *   been through every listener and their microtasks — Lexical's update and reconciliation, the
 *   Yjs binding, the document's observers. Read in a microtask queued from a listener on the
 *   focused editor itself, added after the editor's own so it runs after them (Lexical stops
 *   `input` from bubbling: a listener further up would not hear it).
 * - painted: until a task after the next animation frame (that frame, with the app's
 *   once-a-frame re-render, is on screen). A setTimeout(0) queued at the input event runs after
 *   that frame in Chromium (input is followed by rendering first), so it would time the same.
 * Each of a keystroke's events overwrites its readings, so the last one counts whether the
 * browser delivers them in one task or several.
 */
export function installKeyProbe(): void {
  const page = globalThis as unknown as PageGlobal;
  const probe: KeyProbe = { starts: [], queued: [], handled: [], painted: [], remove: () => {} };
  let current = -1;
  const onCapture = (e: PageKeyEvent) => {
    if (e.type === 'keydown') {
      if (e.key.length !== 1 || !e.target?.isContentEditable) {
        current = -1;
        return;
      }
      current = probe.starts.length;
      probe.starts.push(e.timeStamp);
      probe.queued.push(performance.now() - e.timeStamp);
    }
    if (current < 0) return;
    const at = current;
    const t0 = probe.starts[at]!;
    page.requestAnimationFrame(() => {
      const channel = new page.MessageChannel();
      channel.port1.onmessage = () => (probe.painted[at] = performance.now() - t0);
      channel.port2.postMessage(0);
    });
  };
  const onHandled = () => {
    const at = current;
    if (at >= 0) queueMicrotask(() => (probe.handled[at] = performance.now() - probe.starts[at]!));
  };
  const editor = page.document.activeElement;
  if (!editor?.isContentEditable) throw new Error('installKeyProbe: the focus is not in an editor');
  const types = ['keydown', 'keypress', 'beforeinput', 'input'];
  for (const type of types) {
    page.addEventListener(type, onCapture, true);
    editor.addEventListener(type, onHandled, false);
  }
  probe.remove = () => {
    for (const type of types) {
      page.removeEventListener(type, onCapture, true);
      editor.removeEventListener(type, onHandled, false);
    }
  };
  page.__p5keys = probe;
}

/** Per keystroke; a reading that never came is a hole (null once serialized). */
export function takeKeyProbe(): { queued: number[]; handled: Array<number | null>; painted: Array<number | null> } {
  const page = globalThis as unknown as PageGlobal;
  const probe = page.__p5keys!;
  probe.remove();
  delete page.__p5keys;
  return { queued: probe.queued, handled: probe.handled, painted: probe.painted };
}
