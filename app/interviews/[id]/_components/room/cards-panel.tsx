'use client';

import { useParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatClock } from '@/lib/timer/timer';
import type { RevealedCard } from '@/lib/rubric/evaluation';
import { CardToast } from './card-toast';

interface Props {
  cards: RevealedCard[];
  /**
   * Whether a card arriving gets the attention cue (toast + unread badge).
   * The room turns it off for interviewers: they played the card themselves.
   */
  announce?: boolean;
}

const storageKey = (interviewId: string) => `mockroom:cards-read:${interviewId}`;

/** Card ids this browser has already read in this interview, so a reload does not announce them again. */
function loadRead(interviewId: string | undefined): Set<string> {
  if (!interviewId || typeof window === 'undefined') return new Set();
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(storageKey(interviewId)) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set(); // Storage blocked or garbled: announce again rather than fail.
  }
}

function saveRead(interviewId: string | undefined, read: Set<string>): void {
  if (!interviewId) return;
  try {
    window.localStorage.setItem(storageKey(interviewId), JSON.stringify([...read]));
  } catch {
    // Private mode or full storage: the badge still clears for this page's life.
  }
}

/**
 * Constraint cards the interviewer has played, for everyone in the room. A
 * card that has not been read yet gets a toast and counts in the badge on the
 * heading; focusing or clicking the panel (or "Show card" in the toast) marks
 * everything read. Read ids are kept per interview in localStorage, so a
 * reload or reconnect (which re-reads every card) does not re-announce them.
 */
export function CardsPanel({ cards, announce = true }: Props) {
  const interviewId = useParams<{ id?: string }>()?.id;
  const [read, setRead] = useState<Set<string>>(() => loadRead(interviewId));
  const [toast, setToast] = useState<RevealedCard[] | null>(null);
  const announced = useRef(new Set<string>());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!announce) return;
    const fresh = cards.filter((c) => !read.has(c.id) && !announced.current.has(c.id));
    if (!fresh.length) return;
    for (const c of fresh) announced.current.add(c.id);
    setToast((shown) => [...(shown ?? []), ...fresh]);
  }, [cards, read, announce]);

  const unread = announce ? cards.filter((c) => !read.has(c.id)).length : 0;

  const markRead = useCallback(() => {
    setToast(null);
    setRead((known) => {
      if (cards.every((c) => known.has(c.id))) return known;
      const next = new Set([...known, ...cards.map((c) => c.id)]);
      saveRead(interviewId, next);
      return next;
    });
  }, [cards, interviewId]);

  const focusPanel = useCallback(() => {
    sectionRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    headingRef.current?.focus(); // The panel's onFocus marks the cards read.
  }, []);

  const dismiss = useCallback(
    (focusWasInside: boolean) => {
      setToast(null);
      // The toast is about to leave the DOM; keyboard focus must not fall back to the page's start.
      if (focusWasInside) focusPanel();
    },
    [focusPanel],
  );

  return (
    <>
      {announce && <CardToast cards={toast} onDismiss={dismiss} onShow={focusPanel} />}
      {cards.length > 0 && (
        <section
          ref={sectionRef}
          className="panel cards-panel"
          aria-labelledby="cards-h"
          data-testid="revealed-cards"
          data-unread={unread}
          onFocus={markRead}
          onClick={markRead}
        >
          <h2 id="cards-h" ref={headingRef} tabIndex={-1}>
            Constraint cards
            {unread > 0 && (
              <span className="unread-badge" data-testid="cards-unread">
                {unread}
                <span className="sr-only"> new</span>
              </span>
            )}
          </h2>
          <ol className="card-list">
            {[...cards].reverse().map((card) => (
              <li key={card.id} className="constraint-card" data-card={card.id} data-unread={announce && !read.has(card.id) ? 'true' : undefined}>
                <p className="constraint-title">{card.title}</p>
                <p className="small">{card.prompt}</p>
                <p className="muted tiny">
                  Played at {formatClock(card.sessionMs)} · {card.phaseTitle}
                </p>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
