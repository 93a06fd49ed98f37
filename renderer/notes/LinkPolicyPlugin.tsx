import { $isLinkNode, AutoLinkNode, LinkNode } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getNearestNodeFromDOMNode, mergeRegister } from 'lexical';
import { useEffect } from 'react';

import { $enforceLinkPolicy, parseMention } from '../../shared/notes';
import { useHost } from '../host';
import { useNavigation } from '../workspaces/navigation';

const notOpened = (err: unknown): void => console.warn(`The link was not opened: ${String(err)}`);

/**
 * Links in notes. Opening: a mention opens its card inside the app; a web address goes through the
 * Host's external-link path (in Electron: checked by the main process, which asks before opening);
 * the page itself never navigates or opens windows. Keeping: a link with any other address
 * (javascript:, file:, data:… — pasted, or written by a modified client) is unwrapped to its text.
 */
export function LinkPolicyPlugin() {
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
      // The bundler prints this statement on one line, so it is written so here (its justification must match it).
      else if (/^https?:\/\//i.test(url)) host.openExternal(url).catch(notOpened); // eng-disable OPEN_EXTERNAL_JS_CHECK -- reason: the Host's link path, not shell.openExternal: in Electron an IPC request that main checks and confirms with the user
    };
    // The same function every export applies (shared/notes notePolicy).
    const unwrapUnsafe = (node: LinkNode) => void $enforceLinkPolicy(node);
    return mergeRegister(
      editor.registerNodeTransform(LinkNode, unwrapUnsafe),
      editor.registerNodeTransform(AutoLinkNode, unwrapUnsafe),
      editor.registerRootListener((root, previous) => {
        previous?.removeEventListener('click', onClick);
        root?.addEventListener('click', onClick);
      }),
    );
  }, [editor, host, navigation]);
  return null;
}
