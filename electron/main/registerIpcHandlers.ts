import { err, ipcChannels, ipcContract, ok } from '../../shared/ipc';
import type { IpcArgs, IpcChannel, IpcResult, IpcValue } from '../../shared/ipc';

/** One implementation per channel of the contract; the compiler checks none is missing. */
export type IpcHandlers = {
  [C in IpcChannel]: (...args: IpcArgs<C>) => Promise<IpcValue<C>> | IpcValue<C>;
};

/** The part of an IPC event we rely on: which frame sent it. */
export interface IpcSenderEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>): void;
}

/**
 * #17 Validate the sender of all IPC messages. Every channel goes through here: the sender must
 * be the app's own top-level frame, the arguments must parse against the contract's schema, and
 * the answer is always an IpcResult — a handler that throws becomes `{ok: false, error}`.
 */
export function registerIpcHandlers(
  ipc: IpcMainLike,
  handlers: IpcHandlers,
  isTrustedSenderUrl: (url: string) => boolean,
): void {
  for (const channel of ipcChannels) {
    ipc.handle(channel, (event, ...args) => answer(channel, handlers, isTrustedSenderUrl, event, args));
  }
}

async function answer<C extends IpcChannel>(
  channel: C,
  handlers: IpcHandlers,
  isTrustedSenderUrl: (url: string) => boolean,
  event: IpcSenderEvent,
  args: unknown[],
): Promise<IpcResult<IpcValue<C>>> {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null || !isTrustedSenderUrl(frame.url)) {
    return err(`${channel}: refused, the sender is not the app's own page`);
  }
  const parsed = ipcContract[channel].args.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (argument ${issue.path.join('.')})` : '';
    return err(`${channel}: invalid arguments${where}: ${issue?.message ?? 'does not match'}`);
  }
  try {
    const handler = handlers[channel] as (...a: IpcArgs<C>) => Promise<IpcValue<C>> | IpcValue<C>;
    return ok(await handler(...(parsed.data as IpcArgs<C>)));
  } catch (e) {
    return err(`${channel}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
