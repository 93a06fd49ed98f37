import { join } from 'node:path';

import type { Page } from '@playwright/test';

/** The global pageKit.ts's exports are under in the page. */
const NAME = '__benchKit';
let bundled: Promise<string> | null = null;

/** pageKit.ts and the Yjs it uses as one script (built once per process, with the product's Vite). */
function pageKitSource(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import('vite');
    const out = await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        write: false,
        minify: false,
        lib: { entry: join(import.meta.dirname, 'pageKit.ts'), formats: ['iife'], name: NAME },
      },
    });
    const output = (Array.isArray(out) ? out[0] : out) as { output: Array<{ type: string; code?: string }> };
    const chunk = output.output.find((o) => o.type === 'chunk');
    if (!chunk?.code) throw new Error('bench: the page kit did not build');
    return chunk.code;
  })();
  return bundled;
}

/**
 * Puts pageKit.ts into the page (again after each navigation). Evaluated over the DevTools
 * protocol, which the page's CSP (script-src 'self') does not govern: the app runs unchanged.
 */
export async function loadPageKit(page: Page): Promise<void> {
  const source = await pageKitSource();
  await page.evaluate(`${source};\nglobalThis.${NAME} = ${NAME}; true`);
}

/** In the page (serialized by Playwright, so it names the global itself): pageKit.ts's joinPlain. */
export function joinPlainInPage(url: string): Promise<number> {
  const kit = (globalThis as unknown as { __benchKit: { joinPlain(url: string): Promise<number> } }).__benchKit;
  return kit.joinPlain(url);
}

/** In the page: pageKit.ts's applyPlain, `reps` times. */
export function applyPlainInPage(reps: number): number[] {
  const kit = (globalThis as unknown as { __benchKit: { applyPlain(): number } }).__benchKit;
  return Array.from({ length: reps }, () => kit.applyPlain());
}

/** In the page: pageKit.ts's holdPlain (`true`) or releasePlain (`false`). */
export function holdPlainInPage(hold: boolean): void {
  const kit = (globalThis as unknown as { __benchKit: { holdPlain(): void; releasePlain(): void } }).__benchKit;
  if (hold) kit.holdPlain();
  else kit.releasePlain();
}
