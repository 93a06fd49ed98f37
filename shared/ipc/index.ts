export { err, ok } from './IpcResult';
export type { IpcResult } from './IpcResult';
export { ipcChannels, ipcContract, MAX_FILE_BYTES } from './ipcContract';
export type {
  FileFilter,
  IpcArgs,
  IpcChannel,
  IpcContract,
  IpcValue,
  RelayStatus,
  SecretProtection,
} from './ipcContract';
export { PRELOAD_API_KEY } from './PreloadApi';
export type { PreloadApi } from './PreloadApi';
