'use client';

import { useState } from 'react';
import { InvitePanel } from './invite-panel';

/**
 * Where the interviewer's invite lives. Until a candidate has joined, it is
 * the first thing in the side column, open, because sending the link is the
 * first job; afterwards it folds into one "Invite people" button. The panel
 * stays mounted either way, so links already issued are still there when
 * it is reopened.
 */
export function InviteSlot({ interviewId, candidateJoined }: { interviewId: string; candidateJoined: boolean }) {
  // null: follow the presence (open until a candidate joins); a boolean: the interviewer's own choice since.
  const [choice, setChoice] = useState<boolean | null>(null);
  const prominent = !candidateJoined;
  const open = prominent || (choice ?? false);
  return (
    <div className="invite-slot" data-testid="invite-slot" data-state={prominent ? 'prominent' : open ? 'open' : 'collapsed'}>
      {!prominent && (
        <button type="button" className="btn btn-secondary btn-small invite-toggle" aria-expanded={open} aria-controls="invite-body" onClick={() => setChoice(!open)}>
          Invite people
        </button>
      )}
      <div id="invite-body" className="invite-body" hidden={!open}>
        <InvitePanel interviewId={interviewId} compact />
      </div>
    </div>
  );
}
