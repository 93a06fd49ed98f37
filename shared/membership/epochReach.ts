/**
 * How far an epoch may run ahead of the roster's and still count (red-team finding F5). Epochs
 * are safe integers and every rotation takes the next one, so an admin — or a removed admin's
 * counter-removal — naming 2^53−1 once would leave nobody an epoch to rotate to, and every member
 * would wait for a key for good. Honest clients never jump far: a roster entry names at most one
 * past the newest key in reach, and key upkeep rotates again one epoch at a time.
 */
export const EPOCH_REACH = 1024;

/** Whether a key-log epoch may be required or sealed under while the roster's epoch is `rosterEpoch`. */
export const inKeyReach = (epoch: number, rosterEpoch: number): boolean => epoch <= rosterEpoch + EPOCH_REACH;

/**
 * Whether a roster entry's epoch counts, the entries before it having reached `reached`: twice the
 * key reach, since an honest entry names one past a key up to EPOCH_REACH ahead of the roster.
 */
export const inRosterReach = (epoch: number, reached: number): boolean => epoch <= reached + 2 * EPOCH_REACH;
