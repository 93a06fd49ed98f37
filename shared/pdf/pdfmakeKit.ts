import type { TDocumentDefinitions } from 'pdfmake/interfaces';

/**
 * pdfmake, set up once for this application (ADR 0017): its Roboto fonts from its own virtual file
 * system (embedded in every PDF, so Unicode text shows and nothing is fetched), no URL and no local
 * file may be read (a document names no image or font by address). The same module runs in Node (the
 * CLI; pdfmake's `main`) and in the renderer (Vite picks pdfmake's `browser` build, in a chunk of its
 * own loaded on the first export: 3 MB the app's start does not need).
 */
interface PdfMakeInstance {
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Uint8Array> };
  virtualfs?: { writeFileSync(name: string, content: string, encoding: string): void };
  addVirtualFileSystem?: (files: Record<string, string>) => void;
  setUrlAccessPolicy?: (allow: (url: string) => boolean) => void;
  setLocalAccessPolicy?: (allow: (path: string) => boolean) => void;
  setFonts?: (fonts: Record<string, Record<string, string>>) => void;
  fonts?: Record<string, Record<string, string>>;
}

let ready: Promise<PdfMakeInstance> | null = null;

/** A CommonJS module's exports, however the bundler or runtime wrapped them. */
const exportsOf = <T>(module: unknown): T => ((module as { default?: T }).default ?? module) as T;

function instance(): Promise<PdfMakeInstance> {
  ready ??= Promise.all([import('pdfmake'), import('pdfmake/build/vfs_fonts')]).then(([pdfMake, vfs]) =>
    setUp(exportsOf<PdfMakeInstance>(pdfMake), exportsOf<Record<string, string>>(vfs)),
  );
  return ready;
}

function setUp(pm: PdfMakeInstance, files: Record<string, string>): PdfMakeInstance {
  if (typeof pm.addVirtualFileSystem === 'function') pm.addVirtualFileSystem(files);
  else for (const [name, data] of Object.entries(files)) pm.virtualfs!.writeFileSync(name, data, 'base64');
  const roboto = {
    normal: 'Roboto-Regular.ttf',
    bold: 'Roboto-Medium.ttf',
    italics: 'Roboto-Italic.ttf',
    bolditalics: 'Roboto-MediumItalic.ttf',
  };
  if (typeof pm.setFonts === 'function') pm.setFonts({ Roboto: roboto });
  else pm.fonts = { Roboto: roboto };
  pm.setUrlAccessPolicy?.(() => false);
  pm.setLocalAccessPolicy?.(() => false);
  return pm;
}

/** Lays out and writes a PDF; `pages` is the count pdfmake laid out (from its footer's page count). */
export async function renderPdf(doc: TDocumentDefinitions): Promise<{ bytes: Uint8Array; pages: number }> {
  let pages = 0;
  const footer = doc.footer;
  const counted: TDocumentDefinitions = {
    ...doc,
    defaultStyle: { font: 'Roboto', ...doc.defaultStyle },
    footer: (current, count, size) => {
      pages = Math.max(pages, count);
      return typeof footer === 'function' ? footer(current, count, size) : (footer ?? null);
    },
  };
  const buffer = await (await instance()).createPdf(counted).getBuffer();
  return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), pages };
}
