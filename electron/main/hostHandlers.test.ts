import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import type { HostDeps } from './hostHandlers';
import { hostHandlers, secretProtection } from './hostHandlers';
import type { IpcSenderEvent } from './registerIpcHandlers';
import { registerIpcHandlers } from './registerIpcHandlers';

/** A stand-in for safeStorage that really transforms the bytes, so a test can see they were wrapped. */
const xorStorage = (backend: string, available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (s: string) => Buffer.from(Buffer.from(s).map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString(),
});

function deps(overrides: Partial<HostDeps> = {}): HostDeps {
  return {
    secretsDir: join(mkdtempSync(join(tmpdir(), 'unity-secrets-')), 'secrets'),
    safeStorage: xorStorage('gnome_libsecret'),
    platform: 'linux',
    dialog: {
      showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showMessageBox: vi.fn(async () => ({ response: 1, checkboxChecked: false })),
    },
    window: () => null,
    openExternal: vi.fn(async () => {}),
    allowRelay: vi.fn(),
    relay: {
      host: vi.fn(async () => ({ hosting: false as const, configuredUrl: null })),
      stop: vi.fn(async () => ({ hosting: false as const, configuredUrl: null })),
      status: () => ({ hosting: false as const, configuredUrl: null }),
    },
    ...overrides,
  };
}

describe('secretProtection', () => {
  it('says so when Linux falls back to a hard-coded key', () => {
    expect(secretProtection({ safeStorage: xorStorage('basic_text'), platform: 'linux' }).kind).toBe('basic-text');
    expect(secretProtection({ safeStorage: xorStorage('unknown'), platform: 'linux' }).kind).toBe('basic-text');
  });
  it('reports a real secret store as such', () => {
    expect(secretProtection({ safeStorage: xorStorage('kwallet5'), platform: 'linux' }).kind).toBe('os-keychain');
    expect(secretProtection({ safeStorage: xorStorage('', true), platform: 'darwin' }).kind).toBe('os-keychain');
  });
  it('reports none when encryption is unavailable', () => {
    expect(secretProtection({ safeStorage: xorStorage('', false), platform: 'win32' }).kind).toBe('none');
  });
});

describe('secrets', () => {
  const secret = new Uint8Array([0, 1, 2, 250, 251, 255]);

  it('round-trips through the OS store, and the file holds no plain copy', async () => {
    const d = deps();
    const h = hostHandlers(d);
    await h['secrets.store']('vault-key', secret);
    expect(await h['secrets.load']('vault-key')).toEqual(secret);
    const [file] = readdirSync(d.secretsDir);
    const body = readFileSync(join(d.secretsDir, file!));
    expect(body.subarray(0, 4).toString()).toBe('os1:');
    expect(body.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
  });

  it('does not pretend to wrap with a hard-coded key', async () => {
    const d = deps({ safeStorage: xorStorage('basic_text') });
    const h = hostHandlers(d);
    await h['secrets.store']('vault-key', secret);
    expect(readFileSync(join(d.secretsDir, 'vault-key.secret')).subarray(0, 4).toString()).toBe('raw:');
    expect(await h['secrets.load']('vault-key')).toEqual(secret);
  });

  it('loads null for a missing secret and removes one', async () => {
    const h = hostHandlers(deps());
    expect(await h['secrets.load']('absent')).toBeNull();
    await h['secrets.store']('gone', secret);
    await h['secrets.remove']('gone');
    expect(await h['secrets.load']('gone')).toBeNull();
  });
});

describe('links.openExternal', () => {
  it('opens only after the user confirms', async () => {
    const declined = deps();
    expect(await hostHandlers(declined)['links.openExternal']('https://example.org/')).toBe(false);
    expect(declined.openExternal).not.toHaveBeenCalled();

    const confirmed = deps();
    vi.mocked(confirmed.dialog.showMessageBox).mockResolvedValue({ response: 0, checkboxChecked: false });
    expect(await hostHandlers(confirmed)['links.openExternal']('https://example.org/')).toBe(true);
    expect(confirmed.openExternal).toHaveBeenCalledWith('https://example.org/');
  });

  it('refuses anything but https even if called directly', async () => {
    const d = deps();
    await expect(hostHandlers(d)['links.openExternal']('file:///etc/passwd')).rejects.toThrow(/https/);
    expect(d.dialog.showMessageBox).not.toHaveBeenCalled();
  });
});

describe('relay.allow', () => {
  it('adds the relay the user chose to the allow-list', async () => {
    const d = deps();
    await hostHandlers(d)['relay.allow']('ws://10.1.2.3:4444');
    expect(d.allowRelay).toHaveBeenCalledWith('ws://10.1.2.3:4444');
  });
});

describe('relay.host', () => {
  const hosting = { hosting: true as const, url: 'ws://0.0.0.0:4444' };

  it('hosts on loopback without asking', async () => {
    const d = deps();
    vi.mocked(d.relay.host).mockResolvedValue(hosting);
    await hostHandlers(d)['relay.host']({ port: 4444, lan: false });
    expect(d.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(d.relay.host).toHaveBeenCalledWith({ port: 4444, lan: false });
  });

  it('hosts on the LAN only after the user confirms in a native dialog', async () => {
    const d = deps();
    vi.mocked(d.relay.host).mockResolvedValue(hosting);
    vi.mocked(d.dialog.showMessageBox).mockResolvedValue({ response: 0, checkboxChecked: false });
    expect(await hostHandlers(d)['relay.host']({ port: 4444, lan: true })).toEqual(hosting);
    expect(d.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(d.relay.host).toHaveBeenCalledWith({ port: 4444, lan: true });
  });

  it('refuses LAN hosting the user declines, with a sentence to the page, and hosts nothing', async () => {
    const d = deps();
    vi.mocked(d.dialog.showMessageBox).mockResolvedValue({ response: 1, checkboxChecked: false });
    const listeners = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>>();
    registerIpcHandlers({ handle: (c, l) => listeners.set(c, l) }, hostHandlers(d), () => true);
    const answer = await listeners.get('relay.host')!(
      { senderFrame: { url: 'app://unity-table/index.html', parent: null } },
      { port: 4444, lan: true },
    );
    expect(answer).toEqual({
      ok: false,
      error: 'relay.host: You declined to host the relay on the local network; nothing was started.',
    });
    expect(d.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(d.relay.host).not.toHaveBeenCalled();
  });
});
