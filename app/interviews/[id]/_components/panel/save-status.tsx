'use client';

import type { SaveState } from './outbox';

const TEXT: Record<SaveState['status'], string> = {
  loading: 'Loading…',
  saving: 'Saving…',
  saved: 'All changes saved',
  retrying: 'Offline — will retry',
  failed: 'Not saved',
};

/** The autosave state, always visible, announced politely to screen readers. */
export function SaveStatus({ save }: { save: SaveState }) {
  const time = save.status === 'saved' && save.savedAt ? ` · ${new Date(save.savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
  return (
    <span className="save-status" data-state={save.status} data-testid="save-status" role="status" aria-live="polite" title={save.message}>
      <span className="dot" aria-hidden /> {TEXT[save.status]}
      {time}
    </span>
  );
}
