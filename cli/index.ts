export { FileRecordBackend } from './FileRecordBackend';
export { connectRelay, filePlatform, nodePlatform } from './nodePlatform';
