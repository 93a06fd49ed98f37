import type { ReactNode } from 'react';

interface Section<Id extends string> {
  id: Id;
  label: string;
}

/** Tabs per the ARIA tabs pattern: arrow keys move between them, the panel follows. */
export function SectionTabs<Id extends string>({
  sections,
  active,
  onSelect,
  children,
}: {
  sections: readonly Section<Id>[];
  active: Id;
  onSelect: (id: Id) => void;
  children: ReactNode;
}) {
  return (
    <>
      <nav className="app-nav" aria-label="Sections">
        <div role="tablist" aria-label="Sections">
          {sections.map((s, i) => (
            <button
              key={s.id}
              role="tab"
              id={`tab-${s.id}`}
              aria-selected={s.id === active}
              aria-controls={`panel-${s.id}`}
              tabIndex={s.id === active ? 0 : -1}
              onClick={() => onSelect(s.id)}
              onKeyDown={(e) => {
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                if (step === 0) return;
                const next = sections[(i + step + sections.length) % sections.length]!;
                onSelect(next.id);
                document.getElementById(`tab-${next.id}`)?.focus();
              }}
            >
              {s.label}
            </button>
          ))}
        </div>
      </nav>
      <div className="app-main" id={`panel-${active}`} role="tabpanel" aria-labelledby={`tab-${active}`}>
        {children}
      </div>
    </>
  );
}
