'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { copyInviteLink, listInviteLinks, resetInviteLink, type InviteLink } from '@/lib/api/invites';
import type { Role } from '@/lib/interviews/roles';

const ROLES = [
  { role: 'candidate', label: 'Candidate', who: 'the candidate', old: 'The old candidate link' },
  { role: 'interviewer', label: 'Co-interviewer', who: 'a co-interviewer', old: 'The old co-interviewer link' },
  { role: 'observer', label: 'Observer', who: 'observers', old: 'The old observer link' },
] as const satisfies readonly { role: Role; label: string; who: string; old: string }[];

type Links = Record<Role, InviteLink | null>;
/** What the row last did, shown until the next action: the link copied, or put in the box to copy by hand. */
type Shown = { url: string; copied: boolean };

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });

/** One line of plain truth about a role's current link. */
function describe(link: InviteLink | null | undefined): string {
  if (link === undefined) return 'Checking…';
  if (!link) return 'No link yet. Copy link makes one.';
  if (link.state === 'expired') return `Expired on ${day(link.expiresAt)}. Copy link makes a new one.`;
  if (!link.url) return 'This link was made before links could be shown again, so it cannot be copied. It still works for anyone who has it; reset it to get one you can copy.';
  if (link.state === 'used') return `Used: ${link.uses} of ${link.maxUses} joined through it. Reset it to invite someone else.`;
  const uses = link.maxUses === 1 ? 'Not used yet' : `${link.uses} of ${link.maxUses} joined`;
  return `${uses} · works until ${day(link.expiresAt)}.`;
}

async function toClipboard(url: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * Each role's invite link. "Copy link" copies the role's current link, the
 * same one every time, so a link already sent keeps working; the server makes
 * one only when the role has none (or it expired). "Reset link" is the one
 * way to replace a link, after a confirmation that the old one stops working.
 * `compact` drops the opening explanation and puts each role on one row (name and state, then the buttons), so the
 * room's tab bar stays in view at 1280×800 while the invite is still the first thing in the column.
 */
export function InvitePanel({ interviewId, compact = false }: { interviewId: string; compact?: boolean }) {
  const [links, setLinks] = useState<Partial<Links>>({});
  const [shown, setShown] = useState<Partial<Record<Role, Shown>>>({});
  const [busy, setBusy] = useState<Role | null>(null);
  const [confirming, setConfirming] = useState<Role | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const boxes = useRef<Partial<Record<Role, HTMLInputElement | null>>>({});
  const copiedTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      setLinks((await apiFetch(listInviteLinks, { params: { id: interviewId } })).links);
    } catch (error) {
      setNote(failureMessage(error, { offline: 'Could not load the invite links: no connection.', refused: (status) => `Could not load the invite links (HTTP ${status}).` }));
    }
  }, [interviewId]);
  useEffect(() => void load(), [load]);
  useEffect(() => () => clearTimeout(copiedTimer.current), []);
  // The box appears in the render after the refusal; focusing from an effect runs once it is there.
  const [focusBox, setFocusBox] = useState<Role | null>(null);
  useEffect(() => {
    if (!focusBox) return;
    const box = boxes.current[focusBox];
    box?.focus();
    box?.select();
    setFocusBox(null);
  }, [focusBox, shown]);

  /** Puts `link` on the clipboard, or in a selected box when the browser refuses. */
  async function deliver(role: Role, label: string, link: InviteLink, done: string) {
    setLinks((l) => ({ ...l, [role]: link }));
    if (!link.url) return setNote(`${label}: ${describe(link)}`);
    const copied = await toClipboard(link.url);
    setShown((s) => ({ ...s, [role]: { url: link.url!, copied } }));
    if (copied) {
      setNote(`${label} link copied. ${done}`);
      clearTimeout(copiedTimer.current);
      copiedTimer.current = setTimeout(() => setShown((s) => (s[role] ? { ...s, [role]: { ...s[role]!, copied: false } } : s)), 2500);
    } else {
      setNote(`Your browser did not let us copy. The ${label.toLowerCase()} link is selected in the box: press Ctrl+C (⌘C on a Mac). ${done}`);
      setFocusBox(role); // focused once the box is on the page (the effect below)
    }
  }

  async function copy(role: Role, label: string) {
    setNote(null);
    setBusy(role);
    try {
      const link = await apiFetch(copyInviteLink, { params: { id: interviewId }, body: { role } });
      await deliver(role, label, link, 'It is the same link each time you copy, and it keeps working until you reset it.');
    } catch (error) {
      setNote(failureMessage(error, { offline: 'Could not get the link: no connection. Try again.', refused: (status) => `Could not get the link (HTTP ${status}).` }));
    } finally {
      setBusy(null);
    }
  }

  async function reset(role: Role, label: string) {
    setConfirming(null);
    setNote(null);
    setBusy(role);
    try {
      const link = await apiFetch(resetInviteLink, { params: { id: interviewId }, body: { role } });
      await deliver(role, `New ${label.toLowerCase()}`, link, 'The old link no longer works.');
    } catch (error) {
      setNote(failureMessage(error, { offline: 'Could not reset the link: no connection. The old link still works.', refused: (status) => `Could not reset the link (HTTP ${status}). The old link still works.` }));
    } finally {
      setBusy(null);
    }
  }

  const pending = ROLES.find((r) => r.role === confirming);
  return (
    <section className={compact ? 'panel invite-compact' : 'panel'} aria-labelledby="invite-h" data-testid="invite-panel">
      <h2 id="invite-h">Invite people</h2>
      {!compact && <p className="muted small">Copying gives the same link every time. Only a reset replaces it.</p>}
      {ROLES.map(({ role, label, who }) => {
        const link = links[role];
        const uncopyable = !!link && !link.url && link.state !== 'expired';
        return (
          <div key={role} className="invite-row" role="group" aria-labelledby={`invite-${role}-h`} data-testid={`invite-row-${role}`}>
            <strong id={`invite-${role}-h`} className="small">
              {label}
            </strong>
            {(!compact || link) && (
              <span className="muted tiny" data-testid={`invite-state-${role}`}>
                {describe(link)}
              </span>
            )}
            <div className="invite-actions">
              <button type="button" className="btn btn-secondary btn-small" disabled={busy !== null || uncopyable} onClick={() => void copy(role, label)}>
                {shown[role]?.copied ? 'Copied' : 'Copy link'}
                <span className="sr-only"> for {who}</span>
              </button>
              <button type="button" className="btn btn-ghost btn-small" disabled={busy !== null || !link} onClick={() => setConfirming(role)}>
                Reset link<span className="sr-only"> for {who}</span>
              </button>
            </div>
            {shown[role] && (
              <input
                ref={(el) => void (boxes.current[role] = el)}
                className="invite-link"
                readOnly
                value={shown[role]!.url}
                aria-label={`${label} invite link`}
                data-testid={`invite-link-${role}`}
                onFocus={(e) => e.currentTarget.select()}
              />
            )}
          </div>
        );
      })}
      {/* Always present, so screen readers announce each new note. */}
      <p className="muted small" role="status" data-testid="invite-note">
        {note}
      </p>
      <ConfirmDialog
        open={pending !== undefined}
        title={`Reset the ${pending?.label.toLowerCase() ?? ''} link?`}
        action="Reset link"
        onConfirm={() => pending && void reset(pending.role, pending.label)}
        onCancel={() => setConfirming(null)}
      >
        <p>
          {pending?.old} stops working at once. Anyone who has not joined yet needs the new one. People already in the interview stay in.
        </p>
      </ConfirmDialog>
    </section>
  );
}
