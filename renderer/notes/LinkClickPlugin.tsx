import { $isLinkNode } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getNearestNodeFromDOMNode } from 'lexical';
import { useEffect } from 'react';

import { parseMention } from '../../shared/notes';
import { useHost } from '../host';
import { useNavigation } from '../workspaces/navigation';

/**
 * Opening links: a mention opens its card inside the app; a web address goes through the Host's
 * external-link path (in Electron: checked by the main process, which asks before opening). The
 * page itself never navigates or opens windows.
 */
export function LinkClickPlugin() {
  const [editor] = useLexicalComposerContext();
  const host = useHost();
  const navigation = useNavigation();
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const anchor = (e.target as HTMLElement).closest('a');
      if (!anchor) return;
      e.preventDefault();
      // The node's own URL: the DOM's href is sanitized (Lexical writes about:blank for ut: links).
      const url = editor.read(() => {
        const node = $getNearestNodeFromDOMNode(anchor);
        const link = node && ($isLinkNode(node) ? node : node.getParent());
        return link && $isLinkNode(link) ? link.getURL() : null;
      });
      if (!url) return;
      const mention = parseMention(url);
      if (mention) navigation.openCard(mention.org);
      else if (/^https?:\/\//i.test(url)) host.openExternal(url).catch((err: unknown) => console.warn(String(err)));
    };
    return editor.registerRootListener((root, previous) => {
      previous?.removeEventListener('click', onClick);
      root?.addEventListener('click', onClick);
    });
  }, [editor, host, navigation]);
  return null;
}
