import type * as Y from 'yjs';

import { SETTINGS } from './facts';

export function setWorkspaceTitle(doc: Y.Doc, title: string): void {
  doc.getMap(SETTINGS).set('title', title);
}

export function workspaceTitle(doc: Y.Doc): string {
  const title = doc.getMap(SETTINGS).get('title');
  return typeof title === 'string' ? title : '';
}
