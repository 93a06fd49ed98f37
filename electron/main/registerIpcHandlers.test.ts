import { describe, expect, it, vi } from 'vitest';

import { ipcChannels } from '../../shared/ipc';
import type { IpcHandlers, IpcSenderEvent } from './registerIpcHandlers';
import { registerIpcHandlers } from './registerIpcHandlers';
import { isTrustedSenderUrl } from './security';

type Listener = (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>;

function setup(overrides: Partial<IpcHandlers> = {}) {
  const listeners = new Map<string, Listener>();
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    ipcChannels.map((c) => [
      c,
      (...args: unknown[]) => {
        calls.push(`${c}(${args.map((a) => JSON.stringify(a)).join(',')})`);
        return null;
      },
    ]),
  ) as unknown as IpcHandlers;
  Object.assign(handlers, overrides);
  registerIpcHandlers({ handle: (c, l) => listeners.set(c, l) }, handlers, (url) => isTrustedSenderUrl(url, null));
  const call = (channel: string, frame: IpcSenderEvent['senderFrame'], ...args: unknown[]) =>
    listeners.get(channel)!({ senderFrame: frame }, ...args);
  return { listeners, calls, call };
}

const appFrame = { url: 'app://unity-table/index.html', parent: null };

describe('registerIpcHandlers', () => {
  it('registers exactly the channels of the contract', () => {
    expect([...setup().listeners.keys()].sort()).toEqual([...ipcChannels].sort());
  });

  it('answers the app page with {ok: true, value}', async () => {
    const { call, calls } = setup({ 'secrets.load': async () => new Uint8Array([1, 2]) });
    expect(await call('secrets.load', appFrame, 'identity')).toEqual({ ok: true, value: new Uint8Array([1, 2]) });
    expect(await call('relay.status', appFrame)).toEqual({ ok: true, value: null });
    expect(calls).toEqual(['relay.status()']);
  });

  it.each([
    ['a foreign origin', { url: 'https://evil.example/', parent: null }],
    ['a file: page', { url: 'file:///tmp/x.html', parent: null }],
    ['a subframe of the app', { url: 'app://unity-table/index.html', parent: {} }],
    ['a destroyed frame', null],
  ])('refuses %s without calling the handler', async (_what, frame) => {
    const { call, calls } = setup();
    const result = await call('secrets.store', frame, 'identity', new Uint8Array(1));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/refused/) });
    expect(calls).toEqual([]);
  });

  it.each([
    ['a missing argument', 'secrets.load', []],
    ['a path as secret name', 'secrets.load', ['../../etc/passwd']],
    ['a string instead of bytes', 'secrets.store', ['identity', 'not bytes']],
    ['an extra argument', 'relay.status', ['surplus']],
    ['a port out of range', 'relay.host', [{ port: 70000, lan: false }]],
    ['a non-https link', 'links.openExternal', ['file:///etc/passwd']],
    ['an http URL as a relay', 'relay.allow', ['http://10.1.2.3:4444']],
    ['a javascript: link', 'links.openExternal', ['javascript:alert(1)']],
    ['a path as file name', 'files.save', [{ suggestedName: '../x', data: new Uint8Array(), filters: [] }]],
  ])('refuses %s', async (_what, channel, args) => {
    const { call, calls } = setup();
    const result = await call(channel, appFrame, ...args);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/invalid arguments/) });
    expect(calls).toEqual([]);
  });

  it('turns a throwing handler into {ok: false} with one line', async () => {
    const { call } = setup({
      'relay.host': vi.fn(async () => {
        throw new Error('port 4444 is in use');
      }),
    });
    expect(await call('relay.host', appFrame, { port: 4444, lan: false })).toEqual({
      ok: false,
      error: 'relay.host: port 4444 is in use',
    });
  });
});
