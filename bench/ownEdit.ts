import type { Locator, Page } from '@playwright/test';

// Own edit → on own screen (issue 17): Enter in a field → the changed text painted, timed in the
// page from the key event's own timestamp; against the same probe on a plain input in the same page.

const PLAIN_INPUT = 'bench-plain-input';
const PLAIN_OUTPUT = 'bench-plain-output';

/**
 * Commits `text` in `field` with Enter and resolves with the ms from the Enter key event to the first
 * frame painted after an element matching `selector` exists (null if none within `timeoutMs`).
 */
export async function enterUntilPainted(
  page: Page,
  field: Locator,
  text: string,
  selector: string,
  timeoutMs: number,
): Promise<number | null> {
  await field.fill(text, { timeout: timeoutMs });
  await page.evaluate(watchPainted, { selector, key: text, timeoutMs });
  await field.press('Enter', { timeout: timeoutMs });
  const done = await page.waitForFunction(paintedAfter, text, { timeout: timeoutMs + 1000, polling: 50 });
  const ms = (await done.jsonValue()) as number;
  return ms >= 0 ? ms : null;
}

/** The plain baseline: a bare input whose Enter writes its value into an output (no framework, no workspace). */
export async function plainInput(page: Page): Promise<{ field: Locator; selector: (text: string) => string }> {
  await page.evaluate(addPlainInput, { input: PLAIN_INPUT, output: PLAIN_OUTPUT });
  return {
    field: page.getByRole('textbox', { name: 'Bench plain input', exact: true }),
    selector: (text) => `#${PLAIN_OUTPUT}[data-value="${text}"]`,
  };
}

export const removePlainInput = (page: Page): Promise<void> => page.evaluate(dropPlainInput, PLAIN_INPUT);

// Functions that run in the page (serialized by Playwright: they may use nothing from this file).
interface PageElement {
  id: string;
  value: string;
  textContent: string | null;
  style: Record<string, string>;
  setAttribute(name: string, value: string): void;
  append(...nodes: unknown[]): void;
  remove(): void;
  addEventListener(type: string, listener: (event: { key: string }) => void): void;
}
interface PageGlobal {
  document: {
    querySelector(selector: string): unknown;
    getElementById(id: string): PageElement | null;
    createElement(tag: string): PageElement;
    body: PageElement;
  };
  addEventListener(type: string, listener: (e: { key: string; timeStamp: number }) => void, capture: boolean): void;
  removeEventListener(type: string, listener: (e: { key: string; timeStamp: number }) => void, capture: boolean): void;
  MutationObserver: new (callback: () => void) => {
    observe(t: unknown, o: Record<string, boolean>): void;
    disconnect(): void;
  };
  requestAnimationFrame(callback: () => void): number;
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(value: unknown): void } };
  __ownEdit?: Record<string, number>;
}

function watchPainted({ selector, key, timeoutMs }: { selector: string; key: string; timeoutMs: number }): void {
  const page = globalThis as unknown as PageGlobal;
  const results = (page.__ownEdit ??= {});
  let t0: number | null = null;
  const onKey = (e: { key: string; timeStamp: number }) => {
    if (e.key === 'Enter' && t0 === null) t0 = e.timeStamp;
  };
  page.addEventListener('keydown', onKey, true);
  const observer = new page.MutationObserver(() => check());
  const finish = (ms: number) => {
    observer.disconnect();
    page.removeEventListener('keydown', onKey, true);
    results[key] = ms;
  };
  const check = () => {
    if (t0 === null || !page.document.querySelector(selector)) return;
    const start = t0;
    observer.disconnect();
    // Found in the DOM: that frame's callbacks run before its paint, and a task later it is on screen.
    page.requestAnimationFrame(() => {
      const channel = new page.MessageChannel();
      channel.port1.onmessage = () => finish(performance.now() - start);
      channel.port2.postMessage(0);
    });
  };
  observer.observe(page.document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  setTimeout(() => {
    if (!(key in results)) finish(-1);
  }, timeoutMs);
}

function paintedAfter(key: string): number | false {
  return (globalThis as unknown as PageGlobal).__ownEdit?.[key] ?? false;
}

function addPlainInput({ input, output }: { input: string; output: string }): void {
  const { document } = globalThis as unknown as PageGlobal;
  if (document.getElementById(input)) return;
  const box = document.createElement('div');
  const label = document.createElement('label');
  const field = document.createElement('input');
  const shown = document.createElement('output');
  box.id = `${input}-box`;
  field.id = input;
  shown.id = output;
  label.textContent = 'Bench plain input';
  label.append(field);
  box.append(label, shown);
  Object.assign(box.style, { position: 'fixed', top: '0', left: '0', zIndex: '2147483647', background: 'white' });
  field.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    shown.textContent = field.value;
    shown.setAttribute('data-value', field.value);
  });
  document.body.append(box);
}

function dropPlainInput(input: string): void {
  (globalThis as unknown as PageGlobal).document.getElementById(`${input}-box`)?.remove();
}
