/** The event bus within one process: synchronous delivery, in subscription order. */
import { log } from '../log';
import type { DomainEventName, DomainEvents, EventBus, Handler } from './bus';

export class InProcessBus implements EventBus {
  private readonly handlers = new Map<DomainEventName, Set<(event: never) => void | Promise<void>>>();

  publish<K extends DomainEventName>(name: K, event: DomainEvents[K]): void {
    for (const handler of [...(this.handlers.get(name) ?? [])] as Handler<K>[]) {
      // One failing subscriber must not stop the others, nor throw into the publisher.
      try {
        const done = handler(event);
        if (done instanceof Promise) done.catch((error: unknown) => log.error(`${name} subscriber failed`, error));
      } catch (error) {
        log.error(`${name} subscriber failed`, error);
      }
    }
  }

  subscribe<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler as (event: never) => void | Promise<void>);
    this.handlers.set(name, set);
    return () => void set.delete(handler as (event: never) => void | Promise<void>);
  }
}
