/**
 * The abusive client of the isolation test, run as its own process so its
 * work (building and masking megabyte frames) never shares an event loop with
 * the latency probe. It attacks one board for `seconds`, three ways at once,
 * reconnecting whenever the server closes it:
 *  - a writer sending 1 MB updates, four a second, each growing the board;
 *  - an observer asking for the whole board (`00 00 01 00`) ten times a second;
 *  - a writer sending 500 KB updates with a clock gap, four a second.
 * Prints one JSON line with what it did and what the server answered.
 *
 * node --import tsx tests/helpers/board-attacker.ts <url> <interviewId> <seconds> <writerCookie> <observerCookie> <gapCookie>
 */
import { bigUpdate, clockGapUpdate, fullSyncRequest, rawBoardSocket, updateMessage, type RawBoardSocket } from './raw-board-socket';

const [url, interviewId, seconds, writerCookie, observerCookie, gapCookie] = process.argv.slice(2);
if (!url || !interviewId || !seconds || !writerCookie || !observerCookie || !gapCookie) throw new Error('usage: board-attacker <url> <interviewId> <seconds> <writerCookie> <observerCookie> <gapCookie>');
const until = Date.now() + Number(seconds) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tally = { connections: 0, sentMessages: 0, sentBytes: 0, receivedBytes: 0, closes: {} as Record<string, number> };
let serial = 0;

async function attack(cookie: string, everyMs: number, message: () => Uint8Array): Promise<void> {
  while (Date.now() < until) {
    const socket: RawBoardSocket = rawBoardSocket(url!, interviewId!, cookie);
    tally.connections += 1;
    try {
      await socket.opened;
    } catch {
      tally.closes.beforeOpen = (tally.closes.beforeOpen ?? 0) + 1;
      await sleep(50);
      continue;
    }
    let open = true;
    void socket.closed.then(() => (open = false));
    while (open && Date.now() < until) {
      const bytes = message();
      tally.sentMessages += 1;
      tally.sentBytes += bytes.byteLength;
      void socket.send(bytes);
      await sleep(everyMs);
    }
    if (open) socket.close();
    const { code } = await socket.closed;
    tally.closes[code] = (tally.closes[code] ?? 0) + 1;
    tally.receivedBytes += socket.received().bytes;
  }
}

const big = () => updateMessage(bigUpdate(`big-${serial++}`, 1_000_000));
const gap = () => updateMessage(clockGapUpdate(`gap-${serial++}`, 500_000));
console.log('attacking');
await Promise.all([attack(writerCookie, 250, big), attack(observerCookie, 100, fullSyncRequest), attack(gapCookie, 250, gap)]);
console.log(JSON.stringify(tally));
process.exit(0);
