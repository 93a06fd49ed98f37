/**
 * What every IPC call answers: the value, or one line saying what went wrong.
 * Errors cross the boundary as strings, never as thrown objects, so the renderer
 * cannot learn main-process stack traces or file paths by accident.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const err = <T = never>(error: string): IpcResult<T> => ({ ok: false, error });
