'use client';

import { useState } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { issueInvite } from '@/lib/api/interviews';
import type { Role } from '@/lib/interviews/roles';

const ROLES = [
  { role: 'candidate', label: 'Candidate' },
  { role: 'interviewer', label: 'Co-interviewer' },
  { role: 'observer', label: 'Observer' },
] as const;

/**
 * Links are shown once, when issued: only their hashes are stored, so a new
 * link replaces any earlier unused one for the same role.
 */
export function InvitePanel({ interviewId }: { interviewId: string }) {
  const [links, setLinks] = useState<Partial<Record<string, string>>>({});
  const [note, setNote] = useState<string | null>(null);

  async function issue(role: Role) {
    setNote(null);
    let url: string;
    try {
      ({ url } = await apiFetch(issueInvite, { params: { id: interviewId }, body: { role } }));
    } catch (error) {
      return setNote(failureMessage(error, { offline: 'Could not create a link: no connection. Try again.', refused: (status) => `Could not create a link (HTTP ${status}).` }));
    }
    setLinks((l) => ({ ...l, [role]: url }));
    try {
      await navigator.clipboard.writeText(url);
      setNote('Link copied. It replaces any earlier unused link for that role.');
    } catch {
      setNote('Select the link and copy it. It replaces any earlier unused link for that role.');
    }
  }

  return (
    <section className="panel" aria-labelledby="invite-h">
      <h2 id="invite-h">Invite people</h2>
      {ROLES.map(({ role, label }) => (
        <div key={role} className="invite-row">
          <button type="button" className="btn btn-secondary" onClick={() => void issue(role)}>
            Copy {label.toLowerCase()} link
          </button>
          {links[role] && (
            <input className="invite-link" readOnly value={links[role]} aria-label={`${label} invite link`} data-testid={`invite-link-${role}`} onFocus={(e) => e.currentTarget.select()} />
          )}
        </div>
      ))}
      {note && (
        <p className="muted small" role="status">
          {note}
        </p>
      )}
    </section>
  );
}
