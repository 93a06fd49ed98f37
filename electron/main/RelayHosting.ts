import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

import type { RelayStatus } from '../../shared/ipc';
import { startRelay } from '../../relay';
import type { Relay } from '../../relay';
import { lanAddresses } from './lanAddresses';

/**
 * The relay this desktop app hosts for its table, if any. Its origin joins the session's
 * allow-list (security.isAllowedRequest) while it runs.
 */
export class RelayHosting {
  private relay: Relay | null = null;
  private lan = false;

  constructor(
    private readonly dataRoot: string,
    private readonly allowedRelayOrigins: Set<string>,
    /** The relay the user pointed the app at instead (UNITY_RELAY_URL), if any. */
    private readonly configuredUrl: string | null,
  ) {}

  status(): RelayStatus {
    if (!this.relay) return { hosting: false, configuredUrl: this.configuredUrl };
    const { url, port } = this.relay;
    return this.lan
      ? { hosting: true, url, addresses: lanAddresses(networkInterfaces(), port) }
      : { hosting: true, url };
  }

  async host(options: { port: number; lan: boolean }): Promise<RelayStatus> {
    await this.stop();
    const relay = await startRelay({
      host: options.lan ? '0.0.0.0' : '127.0.0.1',
      port: options.port,
      dataDir: join(this.dataRoot, 'relay'),
    });
    this.relay = relay;
    this.lan = options.lan;
    // The app itself always reaches its own relay over loopback.
    this.allowedRelayOrigins.add(`ws://127.0.0.1:${relay.port}`);
    return this.status();
  }

  async stop(): Promise<RelayStatus> {
    const relay = this.relay;
    this.relay = null;
    if (relay) {
      this.allowedRelayOrigins.delete(`ws://127.0.0.1:${relay.port}`);
      await relay.close();
    }
    return this.status();
  }
}
