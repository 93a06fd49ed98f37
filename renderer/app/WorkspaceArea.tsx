/** Where the open workspace is named and switched; the membership issue fills it. */
export function WorkspaceArea() {
  return (
    <section className="workspace-area" aria-label="Workspace">
      <span className="workspace-name">No workspace open</span>
    </section>
  );
}
