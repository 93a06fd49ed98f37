import { $createLinkNode } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import {
  LexicalTypeaheadMenuPlugin,
  MenuOption,
  useBasicTypeaheadTriggerMatch,
} from '@lexical/react/LexicalTypeaheadMenuPlugin';
import { $createTextNode } from 'lexical';
import type { TextNode } from 'lexical';
import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';

import { mentionUrl } from '../../shared/notes';
import type { MentionTarget } from '../../shared/notes';
import type { WorkspaceClient } from '../session/WorkspaceClient';

class MentionOption extends MenuOption {
  constructor(
    readonly label: string,
    readonly detail: string,
    readonly target: MentionTarget,
  ) {
    super(mentionUrl(target));
  }
}

const MAX_OPTIONS = 8;

/**
 * "@" then a few letters offers organizations and network entries; choosing one writes a link to
 * its card (see mentions.ts), which opens the card when clicked.
 */
export function MentionsPlugin({ client }: { client: WorkspaceClient }) {
  const [editor] = useLexicalComposerContext();
  const [query, setQuery] = useState<string | null>(null);
  const trigger = useBasicTypeaheadTriggerMatch('@', { minLength: 1, maxLength: 40 });

  const options = useMemo(
    () =>
      query === null
        ? []
        : client.api.board
            .named(query, MAX_OPTIONS)
            .map(({ card, entity: e }) =>
              e
                ? new MentionOption(e.name, `${e.kind} of ${card.name}`, { kind: 'entity', org: card.id, entity: e.id })
                : new MentionOption(card.name, 'organization', { kind: 'org', org: card.id }),
            ),
    [client, query],
  );

  const onSelect = (option: MentionOption, textNode: TextNode | null, closeMenu: () => void) => {
    editor.update(() => {
      const link = $createLinkNode(mentionUrl(option.target)).append($createTextNode(`@${option.label}`));
      if (textNode) textNode.replace(link);
      const space = $createTextNode(' ');
      link.insertAfter(space);
      space.select();
      closeMenu();
    });
  };

  return (
    <LexicalTypeaheadMenuPlugin<MentionOption>
      onQueryChange={setQuery}
      onSelectOption={onSelect}
      triggerFn={trigger}
      options={options}
      menuRenderFn={(anchor, { selectedIndex, selectOptionAndCleanUp, setHighlightedIndex }) =>
        anchor.current && options.length > 0
          ? createPortal(
              <ul className="mention-menu" role="listbox" aria-label="Mention">
                {options.map((o, i) => (
                  <li
                    key={o.key}
                    role="option"
                    aria-selected={selectedIndex === i}
                    tabIndex={-1}
                    ref={(el) => o.setRefElement(el)}
                    onMouseEnter={() => setHighlightedIndex(i)}
                    onClick={() => selectOptionAndCleanUp(o)}
                  >
                    {o.label} <span className="note">{o.detail}</span>
                  </li>
                ))}
              </ul>,
              anchor.current,
            )
          : null
      }
    />
  );
}
