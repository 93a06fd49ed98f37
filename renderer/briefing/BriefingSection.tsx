import type { ReactNode } from 'react';

/** A section of the document: its heading and its items as a list, or the sentence that says it has none. */
export function Section<T>(props: {
  title: string;
  empty: string;
  items: readonly T[];
  ordered?: boolean;
  children: (item: T) => ReactNode;
}) {
  const List = props.ordered ? 'ol' : 'ul';
  return (
    <SectionFrame title={props.title}>
      {props.items.length === 0 ? (
        <p className="empty-state">{props.empty}</p>
      ) : (
        <List>
          {props.items.map((item, i) => (
            <li key={i}>{props.children(item)}</li>
          ))}
        </List>
      )}
    </SectionFrame>
  );
}

/** A titled part of the document (a region named by its heading). */
export function SectionFrame({ title, children }: { title: string; children: ReactNode }) {
  const id = `briefing-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="briefing-section">
      <h4 id={id}>{title}</h4>
      {children}
    </section>
  );
}
