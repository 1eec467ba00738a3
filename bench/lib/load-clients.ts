/**
 * The load generator of bench/whiteboard-load.ts: real y-websocket clients in
 * Node, three per room. Client 0 of each room writes element-sized updates at
 * a fixed rate; clients 1 and 2 observe the element map and record how long
 * each write took to reach them (receive time − sentAt; one process, one clock).
 *
 * Runs in the bench process or, with --workers N, in forked worker processes
 * (bench/lib/load-worker.ts) that each own whole rooms.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { elementId, newElement, rng, type Element, ELEMENT_TYPES } from './elements';

export interface RoomSpec {
  /** Room name appended to the server URL (the interview id for the app). */
  name: string;
  /** Session cookies of [writer, observer, observer]; null for the bare relay. */
  cookies: [string | null, string | null, string | null];
}

export interface ClientConfig {
  /** ws:// base URL; y-websocket appends /<room name>. */
  serverUrl: string;
  rooms: RoomSpec[];
  rateHz: number;
  poolSize: number;
  seed: number;
  maxBackoffMs: number;
  connectTimeoutMs: number;
}

export interface Schedule {
  /** Epoch ms (performance.timeOrigin + performance.now()). */
  startAt: number;
  measureFrom: number;
  measureTo: number;
  drainMs: number;
  /** Room i of n stops writing at startAt + (i + 1)/n of the run, so the rooms' write counts (and board compactions) spread out. */
  stagger?: boolean;
}

export interface ClientResult {
  /** Latency of every delivery of a write sent inside the window, ms. */
  latencies: number[];
  writesInWindow: number;
  writesTotal: number;
  expectedInWindow: number;
  deliveredInWindow: number;
  /** Distinct elements per room at the end (the size of each document). */
  avgElementsPerRoom: number;
  roomCount: number;
  /** Bytes of JSON in one element value, average. */
  avgElementJsonBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  windowMs: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** This process's GC pauses in the window: a long one delays every receipt behind it. */
  gc: { pauses: number; totalMs: number; longestMs: number };
  disconnects: number;
  pid: number;
}

const now = () => performance.timeOrigin + performance.now();

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  map: Y.Map<unknown>;
}

interface LiveRoom {
  spec: RoomSpec;
  clients: Client[];
  elements: Map<string, Element>;
  n: number;
}

export class LoadClients {
  private readonly rooms: LiveRoom[] = [];
  private disconnects = 0;
  private latencies: number[] = [];
  private window = { from: Infinity, to: -Infinity };
  private deliveredInWindow = 0;
  private writesInWindow = 0;
  private writesTotal = 0;
  private jsonBytes = 0;
  private jsonSamples = 0;

  private constructor(private readonly config: ClientConfig) {}

  static async connect(config: ClientConfig): Promise<LoadClients> {
    // y-websocket adds a process 'exit' listener per provider in Node.
    process.setMaxListeners(0);
    const load = new LoadClients(config);
    // A few rooms at a time: 600 simultaneous handshakes would only measure the connect storm.
    const queue = [...config.rooms];
    const workers = Array.from({ length: 10 }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) await load.openRoom(spec);
    });
    await Promise.all(workers);
    return load;
  }

  private client(spec: RoomSpec, cookie: string | null): Client {
    const onDisconnect = () => (this.disconnects += 1);
    class CookieSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: cookie ? { cookie } : {} });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(this.config.serverUrl, spec.name, doc, {
      WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: this.config.maxBackoffMs,
    });
    let connected = false;
    provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') connected = true;
      else if (status === 'disconnected' && connected) {
        connected = false;
        onDisconnect();
      }
    });
    return { doc, provider, map: doc.getMap('elements') };
  }

  private async openRoom(spec: RoomSpec): Promise<void> {
    const clients = spec.cookies.map((cookie) => this.client(spec, cookie));
    const room: LiveRoom = { spec, clients, elements: new Map(), n: 0 };
    this.rooms.push(room);
    for (const observer of clients.slice(1)) {
      observer.map.observe((event) => {
        if (event.transaction.local) return;
        const at = now();
        for (const key of event.keysChanged) {
          const value = observer.map.get(key) as { sentAt?: number } | undefined;
          const sentAt = value?.sentAt;
          if (typeof sentAt !== 'number' || sentAt < this.window.from || sentAt >= this.window.to) continue;
          this.latencies.push(at - sentAt);
          this.deliveredInWindow += 1;
        }
      });
    }
    await Promise.all(
      clients.map(
        (c) =>
          new Promise<void>((resolve, reject) => {
            if (c.provider.synced) return resolve();
            const timer = setTimeout(() => reject(new Error(`room ${spec.name}: a client did not sync within ${this.config.connectTimeoutMs} ms`)), this.config.connectTimeoutMs);
            c.provider.on('sync', (synced: boolean) => {
              if (!synced) return;
              clearTimeout(timer);
              resolve();
            });
            c.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
              if (event && event.code >= 4400 && event.code < 4500) {
                clearTimeout(timer);
                reject(new Error(`room ${spec.name}: refused with ${event.code} ${event.reason}`));
              }
            });
          }),
      ),
    );
  }

  /** Writes from startAt until measureTo, records deliveries, returns after the drain. */
  async run(schedule: Schedule): Promise<ClientResult> {
    // Counters are per run: bench/recording.ts measures several phases on the same connections.
    this.window = { from: schedule.measureFrom, to: schedule.measureTo };
    this.latencies = [];
    this.deliveredInWindow = 0;
    this.writesInWindow = 0;
    this.writesTotal = 0;
    this.disconnects = 0;
    const random = rng(this.config.seed);
    const pool = Array.from({ length: this.config.poolSize }, () => elementId(random));
    const periodMs = 1000 / this.config.rateHz;
    const timers: NodeJS.Timeout[] = [];

    const stopAt = (index: number) => (schedule.stagger ? schedule.startAt + ((index + 1) / this.rooms.length) * (schedule.measureTo - schedule.startAt) : schedule.measureTo);
    const write = (room: LiveRoom, index: number) => {
      const sentAt = now();
      if (sentAt >= stopAt(index)) return;
      const id = pool[Math.floor(random() * pool.length)]!;
      const before = room.elements.get(id) ?? newElement(random, id, ELEMENT_TYPES[room.n % ELEMENT_TYPES.length]!, room.n++, Date.now());
      const el: Element = {
        ...before,
        x: (before.x as number) + random() * 10 - 5,
        y: (before.y as number) + random() * 10 - 5,
        version: before.version + 1,
        versionNonce: Math.floor(random() * 2 ** 31),
        updated: Date.now(),
        sentAt,
      };
      room.elements.set(id, el);
      room.clients[0]!.map.set(id, el);
      this.writesTotal += 1;
      if (sentAt >= schedule.measureFrom) this.writesInWindow += 1;
      if ((this.writesTotal & 63) === 0) {
        this.jsonBytes += Buffer.byteLength(JSON.stringify(el));
        this.jsonSamples += 1;
      }
    };

    // Each room starts at its own phase within the first period.
    this.rooms.forEach((room, i) => {
      const offset = (i / this.rooms.length) * periodMs;
      timers.push(
        setTimeout(
          () => {
            write(room, i);
            timers.push(setInterval(() => write(room, i), periodMs));
          },
          Math.max(0, schedule.startAt - now() + offset),
        ),
      );
    });

    // The histogram records whole timer intervals; subtract the resolution to get the delay.
    const RESOLUTION_MS = 2;
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    let cpuStart = process.cpuUsage();
    let wallStart = now();
    await sleepUntil(schedule.measureFrom);
    cpuStart = process.cpuUsage();
    wallStart = now();
    histogram.enable();
    const gc = { pauses: 0, totalMs: 0, longestMs: 0 };
    const gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        gc.pauses += 1;
        gc.totalMs += entry.duration;
        gc.longestMs = Math.max(gc.longestMs, entry.duration);
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    await sleepUntil(schedule.measureTo);
    gcObserver.disconnect();
    const cpu = process.cpuUsage(cpuStart);
    const windowMs = now() - wallStart;
    histogram.disable();
    for (const t of timers) clearInterval(t);
    await sleepUntil(schedule.measureTo + schedule.drainMs);

    return {
      latencies: this.latencies,
      writesInWindow: this.writesInWindow,
      writesTotal: this.writesTotal,
      expectedInWindow: this.writesInWindow * 2,
      deliveredInWindow: this.deliveredInWindow,
      roomCount: this.rooms.length,
      avgElementsPerRoom: this.rooms.reduce((n, r) => n + r.elements.size, 0) / (this.rooms.length || 1),
      avgElementJsonBytes: this.jsonSamples ? this.jsonBytes / this.jsonSamples : 0,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      windowMs,
      eventLoopP99Ms: Math.max(0, histogram.percentile(99) / 1e6 - RESOLUTION_MS),
      eventLoopMaxMs: Math.max(0, histogram.max / 1e6 - RESOLUTION_MS),
      gc,
      disconnects: this.disconnects,
      pid: process.pid,
    };
  }

  close(): void {
    for (const room of this.rooms) {
      for (const c of room.clients) {
        c.provider.destroy();
        c.doc.destroy();
      }
    }
    this.rooms.length = 0;
  }
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - now())));
}
