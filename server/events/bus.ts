/**
 * The event bus: domain modules (interviews, rubric, timer) publish what
 * happened; transports (server/realtime) subscribe and relay. Dependencies
 * point one way: nothing under server/events or a domain folder imports the
 * transport. Events carry only what a subscriber may forward as-is; who may
 * receive each is decided by the subscriber (e.g. notes only to interviewers).
 */
import type { NoteView, RevealedCard } from '../../lib/rubric/evaluation';
import type { TimerState } from '../../lib/timer/timer';
import { InProcessBus } from './in-process';

export interface DomainEvents {
  'interview-ended': { interviewId: string };
  /** Interviewer-only: goes to the interviewers' socket.io room, never the whole room. */
  'note-added': { note: NoteView };
  'note-deleted': { interviewId: string; noteId: string };
  /** A revealed card is public to the room from this moment. */
  'card-revealed': { interviewId: string; card: RevealedCard };
  /** Carries no content: the candidate fetches what was released through the policy-checked API. */
  'feedback-released': { interviewId: string };
  /** Who is asked, who answered, whose streams are recorded: carries no status, each member reads theirs over the API. */
  'recording-changed': { interviewId: string };
  /** Round 1's candidate started round 2 with the roles swapped; ids only (each reads round 2 through its own membership). */
  'round-swapped': { interviewId: string; nextInterviewId: string };
  /**
   * A scheduled session was called off (server/scheduling), after the commit and
   * the cancellation emails were queued. `scheduledAt` is the time it was booked for.
   * Reliability (server/matching) counts a late one against the canceller.
   */
  'interview-cancelled': { interviewId: string; cancelledById: string; scheduledAt: string | null; cancelledAt: string };
  /** The timer's state after a change, stored before it is published. */
  'timer-changed': { interviewId: string; state: TimerState };
}
export type DomainEventName = keyof DomainEvents;

export type Handler<K extends DomainEventName> = (event: DomainEvents[K]) => void | Promise<void>;

/**
 * Publish is fire-and-forget for the publisher: a subscriber's failure is the
 * subscriber's to report and never undoes the publisher's (already stored)
 * change. A cross-node implementation (Redis) fits behind this same interface.
 */
export interface EventBus {
  publish<K extends DomainEventName>(name: K, event: DomainEvents[K]): void;
  /** Returns the unsubscribe. */
  subscribe<K extends DomainEventName>(name: K, handler: Handler<K>): () => void;
}

// On globalThis because Next bundles route handlers into their own copy of
// our modules, while the realtime servers live in the custom server's copy,
// both in one process: a module-level singleton would give each copy its own
// bus, and nothing published by a route would reach a socket.
const holder = globalThis as typeof globalThis & { __mockroomEventBus?: EventBus };

/** The process's bus. */
export function eventBus(): EventBus {
  holder.__mockroomEventBus ??= new InProcessBus();
  return holder.__mockroomEventBus;
}
