import type { OpenWorkspace } from './OpenWorkspace';

/** The profile's own sealed record of imported bundles (never synced): its local document's name. */
const LOG_NAME = 'bundles.imported';

/**
 * The log of bundles this profile imported into a workspace, kept in its local storage through the
 * Platform's records (a file in a CLI profile, IndexedDB in the browser host): exporter and
 * bundle id → when. Keyed by exporter too, so no member can spend another's bundle id.
 */
export class BundleLog {
  private constructor(private readonly local: Awaited<ReturnType<OpenWorkspace['localDocument']>>) {}

  static async open(ow: OpenWorkspace): Promise<BundleLog> {
    return new BundleLog(await ow.localDocument(LOG_NAME));
  }

  /** When this bundle was imported, or null. */
  importedAt(key: string): number | null {
    const at = this.local.doc.getMap<number>('imported').get(key);
    return typeof at === 'number' ? at : null;
  }

  /** Records the bundle and waits until the local storage holds it. */
  async record(key: string, at: number): Promise<void> {
    this.local.doc.getMap<number>('imported').set(key, at);
    await this.local.stored();
  }

  close(): Promise<void> {
    return this.local.close();
  }
}
