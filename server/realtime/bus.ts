/**
 * In-process events between route handlers (which Next bundles separately)
 * and the realtime servers (in the custom server). On globalThis because the
 * two live in different module copies of one process. A multi-node
 * deployment would carry these over Redis pub/sub behind the same interface.
 */
import { EventEmitter } from 'node:events';

export interface BusEvents {
  'interview-ended': [interviewId: string];
}

const holder = globalThis as typeof globalThis & { __mockroomBus?: EventEmitter<BusEvents> };

export function bus(): EventEmitter<BusEvents> {
  holder.__mockroomBus ??= new EventEmitter<BusEvents>();
  return holder.__mockroomBus;
}
