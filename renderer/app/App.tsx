import { useState } from 'react';

import { ConnectionStatus } from './ConnectionStatus';
import { WorkspaceArea } from './WorkspaceArea';

const sections = [
  { id: 'board', label: 'Target board', empty: 'Open a workspace to see its target board.' },
  { id: 'notes', label: 'Notes', empty: 'Open a workspace to read and write its notes.' },
  { id: 'priorities', label: 'Priorities', empty: 'Open a workspace to see its priority rounds.' },
] as const;

type SectionId = (typeof sections)[number]['id'];

/** The app frame: the workspace in the header, the connection state always visible, and the sections. */
export function App() {
  const [active, setActive] = useState<SectionId>('board');
  const current = sections.find((s) => s.id === active) ?? sections[0];

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Unity Table</h1>
        <WorkspaceArea />
        <ConnectionStatus />
      </header>
      <nav className="app-nav" aria-label="Sections">
        <div role="tablist" aria-label="Sections">
          {sections.map((s) => (
            <button
              key={s.id}
              role="tab"
              id={`tab-${s.id}`}
              aria-selected={s.id === active}
              aria-controls={`panel-${s.id}`}
              tabIndex={s.id === active ? 0 : -1}
              onClick={() => setActive(s.id)}
              onKeyDown={(e) => {
                const i = sections.findIndex((x) => x.id === s.id);
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                if (step === 0) return;
                const next = sections[(i + step + sections.length) % sections.length];
                if (next) {
                  setActive(next.id);
                  document.getElementById(`tab-${next.id}`)?.focus();
                }
              }}
            >
              {s.label}
            </button>
          ))}
        </div>
      </nav>
      <main className="app-main" id={`panel-${current.id}`} role="tabpanel" aria-labelledby={`tab-${current.id}`}>
        <p className="empty-state">{current.empty}</p>
      </main>
    </div>
  );
}
