'use client';

import type { PresenceEntry } from '@/lib/realtime/protocol';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
}

/** Avatars in the room's header; each says, to a screen reader too, who it is and whether they are here. */
export function PresenceAvatars({ presence }: { presence: PresenceEntry[] }) {
  return (
    <ul className="presence" aria-label="People in the room" data-testid="presence">
      {presence.map((p) => (
        <li key={p.userId} data-connected={p.connected} data-role={p.role} title={`${p.name} (${p.role})${p.connected ? '' : ' — away'}`}>
          <span className="avatar" aria-hidden>
            {initials(p.name)}
          </span>
          <span className="sr-only">
            {p.name}, {p.role}, {p.connected ? 'here' : 'away'}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** "Here now: Ines (interviewer), you (candidate)": who is connected, in words. */
export function HereNow({ presence, userId }: { presence: PresenceEntry[]; userId: string }) {
  const here = presence.filter((p) => p.connected);
  return (
    <ul className="here-now" aria-label="Here now" data-testid="here-now">
      {here.map((p) => (
        <li key={p.userId} data-role={p.role}>
          <span className={`chip role-${p.role}`}>{p.role}</span> {p.userId === userId ? `${p.name} (you)` : p.name}
        </li>
      ))}
    </ul>
  );
}
