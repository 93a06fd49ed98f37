/** The origin of transactions that apply remote envelopes: never re-encrypted and sent back. */
export const REMOTE_ORIGIN = Symbol('unity-table/remote');
/** The origin of our own appends to the transport document. */
export const LOCAL_ORIGIN = Symbol('unity-table/local');
