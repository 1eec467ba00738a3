import { eventBus } from '../events/bus';

/** Tells the room something about recording changed (no status on the bus: each member reads theirs). */
export function changed(interviewId: string): void {
  eventBus().publish('recording-changed', { interviewId });
}
