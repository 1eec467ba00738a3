/**
 * In-process events between route handlers (which Next bundles separately)
 * and the realtime servers (in the custom server). On globalThis because the
 * two live in different module copies of one process. A multi-node
 * deployment would carry these over Redis pub/sub behind the same interface.
 */
import { EventEmitter } from 'node:events';
import type { NoteView, RevealedCard } from '../../lib/rubric/evaluation';

export interface BusEvents {
  'interview-ended': [interviewId: string];
  /** Interviewer-only: goes to the interviewers' socket.io room, never the whole room. */
  'note-added': [note: NoteView];
  'note-deleted': [interviewId: string, noteId: string];
  /** A revealed card is public to the room from this moment. */
  'card-revealed': [interviewId: string, card: RevealedCard];
  /** Carries no content: the candidate fetches what was released through the policy-checked API. */
  'feedback-released': [interviewId: string];
}

const holder = globalThis as typeof globalThis & { __mockroomBus?: EventEmitter<BusEvents> };

export function bus(): EventEmitter<BusEvents> {
  holder.__mockroomBus ??= new EventEmitter<BusEvents>();
  return holder.__mockroomBus;
}
