import { memberProfile } from '../../shared/model';
import { WORKSPACE_DOC_ID } from '../../shared/protocol';
import type { VotingContext } from '../../shared/voting';
import type { WorkspaceClient } from '../session/WorkspaceClient';

/** Voting's view of an open workspace: its document, roster, and each member's signed agency. */
export function votingContextOf(client: WorkspaceClient): VotingContext {
  const doc = client.workspace.document(WORKSPACE_DOC_ID);
  return {
    doc,
    workspaceId: client.workspaceId,
    roster: client.workspace.roster,
    agencyOf: (m) => memberProfile(doc, client.workspace.roster, m)?.agency ?? null,
  };
}
