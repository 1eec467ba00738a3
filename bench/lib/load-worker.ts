/**
 * A forked load-generator process for bench/whiteboard-load.ts --workers N.
 * Speaks a tiny IPC protocol with the parent:
 *   parent → { type: 'connect', config }   worker → { type: 'ready' }
 *   parent → { type: 'run', schedule }     worker → { type: 'result', result }
 *   parent → { type: 'close' }             worker closes its sockets and exits
 * It also exits when the parent goes away.
 */
import { LoadClients, type ClientConfig, type Schedule } from './load-clients';

type Message = { type: 'connect'; config: ClientConfig } | { type: 'run'; schedule: Schedule } | { type: 'close' };

let clients: LoadClients | undefined;
const reply = (message: unknown) => process.send?.(message);

process.on('message', (message: Message) => {
  void (async () => {
    try {
      if (message.type === 'connect') {
        clients = await LoadClients.connect(message.config);
        reply({ type: 'ready' });
      } else if (message.type === 'run') {
        reply({ type: 'result', result: await clients!.run(message.schedule) });
      } else if (message.type === 'close') {
        clients?.close();
        process.disconnect?.();
        setTimeout(() => process.exit(0), 200);
      }
    } catch (error) {
      reply({ type: 'error', message: (error as Error).stack ?? String(error) });
    }
  })();
});
process.on('disconnect', () => {
  clients?.close();
  setTimeout(() => process.exit(0), 200);
});
