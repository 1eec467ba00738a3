'use client';

import { useEffect, useRef, useState } from 'react';
import type { RevealedCard } from '@/lib/rubric/evaluation';

/** How long a toast stays up when nobody touches it. Paused while hovered or focused, so it never vanishes mid-read. */
export const TOAST_MS = 8_000;

interface Props {
  /** The cards this toast announces (newest last), or null when no toast is up. */
  cards: RevealedCard[] | null;
  /** Closes the toast; `focusWasInside` says whether keyboard focus has to go somewhere else. */
  onDismiss: (focusWasInside: boolean) => void;
  /** Takes the reader to the cards panel. */
  onShow: () => void;
}

/**
 * The attention cue for a card played to the room. The live region is always
 * in the DOM (screen readers announce changes to a region they already know,
 * not a region that appears with its content), and it is polite: a card is
 * news, not an emergency, and must not interrupt someone mid-sentence.
 */
export function CardToast({ cards, onDismiss, onShow }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;
  const latest = cards?.at(-1);

  useEffect(() => {
    if (!cards || paused) return;
    const timer = setTimeout(() => onDismiss(false), TOAST_MS);
    return () => clearTimeout(timer);
  }, [cards, paused, onDismiss]);

  const focusInside = () => Boolean(ref.current?.contains(document.activeElement));

  return (
    <div className="card-toast-region" role="status" aria-live="polite" aria-atomic="true" data-testid="card-toast-region">
      {cards && latest && (
        <div
          ref={ref}
          className="card-toast"
          data-testid="card-toast"
          onMouseEnter={() => setHovered(true)}
          onMouseLeave={() => setHovered(false)}
          onFocus={() => setFocused(true)}
          onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setFocused(false)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              onDismiss(focusInside());
            }
          }}
        >
          <p className="card-toast-eyebrow">{cards.length > 1 ? `${cards.length} new constraint cards` : 'New constraint card'}</p>
          <p className="card-toast-title">{latest.title}</p>
          <p className="card-toast-text">{latest.prompt}</p>
          {cards.length > 1 && <p className="card-toast-more">Also: {cards.slice(0, -1).map((c) => c.title).join(', ')}</p>}
          <div className="card-toast-actions">
            <button type="button" className="btn btn-small btn-primary" onClick={onShow}>
              Show card{cards.length > 1 ? 's' : ''}
            </button>
            <button type="button" className="btn btn-small btn-secondary" onClick={() => onDismiss(focusInside())}>
              Dismiss
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
