/**
 * Whiteboard document bench: simulates an hour of drawing through the app's
 * own persistence (Room + BoardWriter + loadBoard + writeSnapshot) on a fresh
 * Postgres database, then reports the log and snapshot sizes and how long a
 * cold load of the board takes.
 *
 *   node --import tsx bench/whiteboard-doc.ts [--minutes 60] [--rate 10]
 *     [--elements 300] [--loads 10] [--seed 1] [--admin-url postgresql://postgres@127.0.0.1:5432/test]
 *
 * Simulated time: the writer is flushed every FLUSH_MS of *simulated* time
 * (every rate × FLUSH_MS / 1000 updates), so the log gets the same rows and
 * the same compaction cadence as a live room, without waiting an hour.
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { elementsMap, writeLocalElements } from '../lib/whiteboard/binding';
import { db, disconnectDb } from '../server/db/client';
import { publishRuntime } from '../server/env';
import { BoardWriter, FLUSH_MS, loadBoard, SNAPSHOT_EVERY_ROWS, applySnapshot } from '../server/realtime/yjs/persistence';
import { ConnectionLimits } from '../server/realtime/yjs/limits';
import { Room, type Connection } from '../server/realtime/yjs/room';
import {
  commandLine,
  createBenchDatabase,
  DEFAULT_ADMIN_URL,
  fmt,
  kb,
  localPostgresUrl,
  machineInfo,
  machineMarkdown,
  median,
  now,
  numberFlag,
  onCleanup,
  parseFlags,
  percentile,
  postgresVersion,
  runBench,
  sleep,
  writeResults,
} from './lib/common';
import { deleteElement, editElement, ELEMENT_TYPES, elementId, newElement, rng, type Element } from './lib/elements';

const flags = parseFlags();
const MINUTES = numberFlag(flags, 'minutes', 60, { min: 1, max: 600 });
const RATE = numberFlag(flags, 'rate', 10, { min: 1, max: 100 });
const ELEMENTS = numberFlag(flags, 'elements', 300, { min: 10, max: 100_000 });
const LOADS = numberFlag(flags, 'loads', 10, { min: 3, max: 200 });
const SEED = numberFlag(flags, 'seed', 1);
const ADMIN_URL = localPostgresUrl(flags.get('admin-url') ?? process.env.BENCH_PG_ADMIN_URL ?? DEFAULT_ADMIN_URL);
const SNAPSHOT_TARGET = 200 * 1024;
const LOAD_TARGET_MS = 150;

/** Reads a private field of the app's Room (TS-private only) without changing it. */
const internals = (room: Room) => room as unknown as { rowsSinceSnapshot: number; compacting: boolean };

interface LoadTimes {
  tailRows: number;
  fresh: number[];
  warm: number[];
  warmupFresh: number;
}

async function main() {
  const machine = machineInfo();
  machine.postgres = await postgresVersion(ADMIN_URL);
  const database = await createBenchDatabase(ADMIN_URL);
  console.log(`[doc] database ${database.name}`);
  publishRuntime({ databaseUrl: database.url, dbMode: 'external', authSecret: 'x'.repeat(32), appUrl: 'http://localhost', dataDir: '/nonexistent' });
  onCleanup('disconnect prisma', () => disconnectDb());

  // Foreign keys: a user and an interview, as the app would have them.
  const user = await db().user.create({ data: { email: `bench-${randomBytes(4).toString('hex')}@example.test`, name: 'Bench Interviewer' } });
  const candidate = await db().user.create({ data: { email: `bench-${randomBytes(4).toString('hex')}@example.test`, name: 'Bench Candidate' } });
  const interviewId = randomBytes(16).toString('base64url');
  await db().interview.create({
    data: {
      id: interviewId,
      scenarioSlug: 'bench',
      scenarioVersion: 'bench',
      scenarioSnapshot: {},
      title: 'Whiteboard doc bench',
      level: 'staff',
      durationMinutes: 60,
      mode: 'peer',
      createdById: user.id,
    },
  });

  // The server side, exactly as BoardServer wires it: a Room loaded from Postgres
  // and a BoardWriter whose flushes drive the room's compaction.
  let room: Room | undefined;
  let flushes = 0;
  const writer = new BoardWriter({
    onFlushed: (_id, rows, lastId) => {
      flushes += 1;
      room?.noteFlushed(rows, lastId);
    },
  });
  room = await Room.load(interviewId, writer);
  const liveRoom = room;

  // Two writers (interviewer and candidate). Their sockets are stand-ins that are
  // never OPEN, so Room.broadcast skips them; we relay between docs ourselves.
  const parties = [user.id, candidate.id].map((userId, i) => {
    const ws = { readyState: 3, OPEN: 1, send() {}, terminate() {} } as unknown as WebSocket;
    const conn: Connection = { ws, userId, role: i === 0 ? 'interviewer' : 'candidate', name: i === 0 ? 'Bench Interviewer' : 'Bench Candidate', canWrite: true, awarenessIds: new Set(), limits: new ConnectionLimits(), refused: false };
    liveRoom.conns.set(ws, conn);
    return { ws, doc: undefined as unknown as Y.Doc, reloads: 0 };
  });
  const FROM_SERVER = Symbol('server');
  const attach = (p: (typeof parties)[number]) => {
    // A (re)loading browser tab: a fresh Y.Doc (new client id) synced from the server.
    p.doc?.destroy();
    p.doc = new Y.Doc();
    Y.applyUpdate(p.doc, Y.encodeStateAsUpdate(liveRoom.doc), FROM_SERVER);
    p.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_SERVER) Y.applyUpdate(liveRoom.doc, update, p.ws); // what BoardServer.onMessage does
    });
  };
  parties.forEach(attach);
  liveRoom.doc.on('update', (update: Uint8Array, origin: unknown) => {
    for (const p of parties) if (p.ws !== origin) Y.applyUpdate(p.doc, update, FROM_SERVER); // the broadcast
  });

  // ---- Generate the hour.
  const random = rng(SEED);
  const totalTicks = Math.round(MINUTES * 60 * RATE);
  const durationS = MINUTES * 60;
  const flushEvery = Math.max(1, Math.round((RATE * FLUSH_MS) / 1000));
  const creationAt = Array.from({ length: ELEMENTS }, (_, i) => durationS * 0.92 * (i / ELEMENTS) ** 1.15);
  const expected = new Map<string, Element>();
  const live: string[] = [];
  const recent: string[] = [];
  const epoch = Date.UTC(2026, 10, 1, 15, 0, 0);
  let created = 0;
  let deleted = 0;
  let edits = 0;
  let active = 0;
  const reloadEveryTicks = 15 * 60 * RATE;
  const counts = { updates: 0 };

  const tick = (i: number) => {
    const t = i / RATE;
    const updated = epoch + Math.round(t * 1000);
    if (random() < 1 / 300) active = 1 - active; // the pen changes hands every ~30 s
    if (i > 0 && i % reloadEveryTicks === 0) {
      for (const p of parties) {
        attach(p);
        p.reloads += 1;
      }
    }
    let el: Element;
    if (created < ELEMENTS && creationAt[created]! <= t) {
      el = newElement(random, elementId(random), ELEMENT_TYPES[Math.floor(random() * ELEMENT_TYPES.length)]!, created, updated);
      created += 1;
      live.push(el.id);
    } else if (live.length > 5 && random() < 40 / totalTicks) {
      const id = live.splice(Math.floor(random() * live.length), 1)[0]!;
      el = deleteElement(random, expected.get(id)!, updated);
      deleted += 1;
    } else {
      const pool = random() < 0.7 && recent.length ? recent : live;
      const id = pool[Math.floor(random() * pool.length)]!;
      el = editElement(random, expected.get(id)!, updated);
      edits += 1;
    }
    if (!el.isDeleted) {
      const at = recent.indexOf(el.id);
      if (at >= 0) recent.splice(at, 1);
      recent.push(el.id);
      if (recent.length > 8) recent.shift();
    } else {
      const at = recent.indexOf(el.id);
      if (at >= 0) recent.splice(at, 1);
    }
    expected.set(el.id, el);
    writeLocalElements(parties[active]!.doc, [el], 'local');
    counts.updates += 1;
  };

  const settle = async () => {
    await writer.flush();
    while (internals(liveRoom).compacting) await sleep(5);
  };

  const generate = async (from: number, to: number, progress: boolean) => {
    for (let i = from; i < to; i++) {
      tick(i);
      if ((i + 1) % flushEvery === 0) await writer.flush();
      if (progress && (i + 1) % (RATE * 600) === 0) console.log(`[doc] simulated minute ${((i + 1) / RATE / 60).toFixed(0)}: ${expected.size} elements, ${flushes} flushes`);
    }
    await settle();
  };

  const genStarted = now();
  await generate(0, totalTicks, true);
  const genSeconds = (now() - genStarted) / 1000;

  const verify = async (label: string) => {
    const loaded = await loadBoard(interviewId);
    const want = Object.fromEntries(expected);
    const got = elementsMap(loaded.doc).toJSON();
    const ok = isDeepStrictEqual(got, want) && isDeepStrictEqual(elementsMap(liveRoom.doc).toJSON(), want);
    loaded.doc.destroy();
    console.log(`[doc] ${label}: loaded doc ${ok ? 'EQUALS' : 'DIFFERS FROM'} the generated doc (${Object.keys(want).length} elements)`);
    return ok;
  };

  const timeLoads = async (): Promise<LoadTimes> => {
    const fresh: number[] = [];
    const warm: number[] = [];
    let tailRows = -1;
    for (let i = 0; i <= LOADS; i++) {
      await disconnectDb(); // next db() builds a new PrismaClient with a new, empty pool
      const t0 = now();
      const a = await loadBoard(interviewId);
      const t1 = now();
      const b = await loadBoard(interviewId);
      const t2 = now();
      tailRows = a.rowsSinceSnapshot;
      a.doc.destroy();
      b.doc.destroy();
      fresh.push(t1 - t0);
      warm.push(t2 - t1);
    }
    const warmupFresh = fresh.shift()!;
    warm.shift();
    return { tailRows, fresh, warm, warmupFresh };
  };

  // Where the load time goes: the same bytes, applied to a fresh doc without Postgres.
  const applyOnly = async () => {
    const snapshot = await db().boardSnapshot.findFirst({ where: { interviewId }, orderBy: { upToUpdateId: 'desc' } });
    const rows = await db().boardUpdate.findMany({ where: { interviewId, id: { gt: snapshot?.upToUpdateId ?? 0n } }, orderBy: { id: 'asc' }, select: { update: true } });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = now();
      const doc = new Y.Doc({ gc: true });
      Y.transact(doc, () => {
        if (snapshot) applySnapshot(doc, snapshot.state, snapshot.encoding);
        for (const row of rows) Y.applyUpdate(doc, row.update);
      });
      times.push(now() - t0);
      doc.destroy();
    }
    times.shift();
    return median(times);
  };

  const ok1 = await verify(`after ${MINUTES} simulated minutes`);
  const loads1 = await timeLoads();
  const apply1 = await applyOnly();

  // The worst case for loading: a tail just short of the next compaction.
  const tailBefore = internals(liveRoom).rowsSinceSnapshot;
  const extraTicks = Math.max(0, SNAPSHOT_EVERY_ROWS - 1 - tailBefore); // one log row per update
  await generate(totalTicks, totalTicks + extraTicks, false);
  const ok2 = await verify(`with a ${internals(liveRoom).rowsSinceSnapshot}-row tail`);
  const loads2 = await timeLoads();
  const apply2 = await applyOnly();

  // ---- Sizes.
  const [{ rows, log_bytes, avg_bytes }] = await db().$queryRaw<{ rows: bigint; log_bytes: bigint; avg_bytes: number }[]>`
    SELECT count(*) AS rows, coalesce(sum(octet_length("update")), 0)::bigint AS log_bytes, coalesce(avg(octet_length("update")), 0)::float8 AS avg_bytes
    FROM "BoardUpdate" WHERE "interviewId" = ${interviewId}`;
  const [{ snapshots, snapshot_bytes, latest_bytes }] = await db().$queryRaw<{ snapshots: bigint; snapshot_bytes: bigint; latest_bytes: number }[]>`
    SELECT count(*) AS snapshots, coalesce(sum(octet_length(state)), 0)::bigint AS snapshot_bytes,
      (SELECT octet_length(state) FROM "BoardSnapshot" WHERE "interviewId" = ${interviewId} ORDER BY "upToUpdateId" DESC LIMIT 1) AS latest_bytes
    FROM "BoardSnapshot" WHERE "interviewId" = ${interviewId}`;
  const [{ log_table, snapshot_table }] = await db().$queryRaw<{ log_table: bigint; snapshot_table: bigint }[]>`
    SELECT pg_total_relation_size('"BoardUpdate"') AS log_table, pg_total_relation_size('"BoardSnapshot"') AS snapshot_table`;
  const liveJsonBytes = Buffer.byteLength(JSON.stringify(elementsMap(liveRoom.doc).toJSON()));
  const liveElementCount = [...expected.values()].filter((e) => !e.isDeleted).length;
  const stateBytes = Y.encodeStateAsUpdate(liveRoom.doc).length;
  const stateV2Bytes = Y.encodeStateAsUpdateV2(liveRoom.doc).length;
  // The same elements written once into a fresh doc: what the snapshot would be without history.
  const flat = new Y.Doc();
  flat.transact(() => {
    for (const [id, el] of expected) elementsMap(flat).set(id, el);
  });
  const flatState = Y.encodeStateAsUpdate(flat);
  const flatBytes = flatState.length;
  flat.destroy();
  const flatDecode: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t0 = now();
    const doc = new Y.Doc({ gc: true });
    Y.applyUpdate(doc, flatState);
    flatDecode.push(now() - t0);
    doc.destroy();
  }
  flatDecode.shift();
  const flatDecodeMs = median(flatDecode);
  // The app now stores gzipped V2; re-encode as V1 for the "what V1 would cost" comparison.
  const latestRow = (await db().boardSnapshot.findFirst({ where: { interviewId }, orderBy: { upToUpdateId: 'desc' } }))!;
  const asV1 = new Y.Doc({ gc: true });
  applySnapshot(asV1, latestRow.state, latestRow.encoding);
  const latestState = Y.encodeStateAsUpdate(asV1);
  asV1.destroy();
  const gzipBytes = gzipSync(latestState).length;
  const v2GzipBytes = gzipSync(Y.encodeStateAsUpdateV2(liveRoom.doc)).length;

  const latest = Number(latest_bytes);
  const p95Fresh = Math.max(percentile([...loads1.fresh].sort((a, b) => a - b), 95), percentile([...loads2.fresh].sort((a, b) => a - b), 95));
  const snapshotMet = latest <= SNAPSHOT_TARGET;
  const loadMet = p95Fresh <= LOAD_TARGET_MS;

  const loadRow = (label: string, l: LoadTimes, apply: number) => {
    const fs = [...l.fresh].sort((a, b) => a - b);
    const ws = [...l.warm].sort((a, b) => a - b);
    return `| ${label} | ${l.tailRows} | ${fmt(percentile(fs, 50))} | ${fmt(percentile(fs, 95))} | ${fmt(percentile(ws, 50))} | ${fmt(percentile(ws, 95))} | ${fmt(apply)} | ${fmt(l.warmupFresh)} |`;
  };

  const figures = [
    `| Figure | Value |`,
    `|---|---|`,
    `| Simulated drawing | ${MINUTES} min at ${RATE} updates/s (+${extraTicks} updates for the worst-case tail) |`,
    `| Element updates written | ${counts.updates} (${created} created, ${edits} moved/resized, ${deleted} deleted as tombstones) |`,
    `| Elements in the doc | ${expected.size} (${liveElementCount} live, ${expected.size - liveElementCount} tombstones) |`,
    `| Writer reloads (new Yjs client ids) | ${parties.reduce((n, p) => n + p.reloads, 0)} |`,
    `| Log rows (BoardUpdate) | ${Number(rows)} |`,
    `| Batched flushes (one INSERT each) | ${flushes} |`,
    `| Snapshots (BoardSnapshot) | ${Number(snapshots)} (every ${SNAPSHOT_EVERY_ROWS} rows) |`,
    `| **Latest snapshot size** | **${kb(latest)}** (${latest} bytes) |`,
    `| Encoded doc state now: V1 / V2 encoding | ${kb(stateBytes)} / ${kb(stateV2Bytes)} |`,
    `| Same state as V1 gzipped / as V2 gzipped (the app stores V2 gzipped) | ${kb(gzipBytes)} / ${kb(v2GzipBytes)} |`,
    `| Same elements written once into a fresh doc (no history) | ${kb(flatBytes)} |`,
    `| JSON of the element map, for scale | ${kb(liveJsonBytes)} |`,
    `| Decode time: latest snapshot / same elements without history (p50) | ${fmt(apply1)} ms / ${fmt(flatDecodeMs)} ms |`,
    `| Total log size (sum of update bytes) | ${kb(Number(log_bytes))} (avg ${fmt(avg_bytes)} bytes/row) |`,
    `| Total of all snapshots kept | ${kb(Number(snapshot_bytes))} |`,
    `| On-disk tables incl. indexes and TOAST (BoardUpdate / BoardSnapshot) | ${kb(Number(log_table))} / ${kb(Number(snapshot_table))} |`,
    `| Generation wall time | ${fmt(genSeconds)} s |`,
    `| Loaded doc equals generated doc | ${ok1 && ok2 ? 'yes' : 'NO'} (checked at both load points) |`,
  ].join('\n');
  const loadTable = [
    `| Load point | Tail rows applied on the snapshot | Cold (fresh pool) p50 ms | Cold p95 ms | Warm pool p50 ms | Warm pool p95 ms | Decode only (no DB) p50 ms | First load (excluded) ms |`,
    `|---|---|---|---|---|---|---|---|`,
    loadRow(`End of the hour`, loads1, apply1),
    loadRow(`Worst case: tail just under ${SNAPSHOT_EVERY_ROWS}`, loads2, apply2),
  ].join('\n');

  console.log('\n' + figures + '\n\n' + loadTable + '\n');
  console.log(`targets: snapshot ≤ 200 KB: ${snapshotMet ? 'MET' : 'NOT MET'} (${kb(latest)}); cold load p95 ≤ ${LOAD_TARGET_MS} ms: ${loadMet ? 'MET' : 'NOT MET'} (${fmt(p95Fresh)} ms)`);

  const historyOverhead = stateBytes - flatBytes;
  const md = `# Whiteboard document bench

Simulated ${MINUTES} minutes of drawing written through the app's own persistence code, then cold loads from Postgres.

## Machine

${machineMarkdown(machine)}

## Command

\`\`\`sh
${commandLine('bench/whiteboard-doc.ts')}
\`\`\`

(\`npm run bench:whiteboard-doc\` runs the same with the defaults.)

## What it does

- A fresh database \`mockroom_bench_<random>\` on the local Postgres, migrated with \`server/db/migrate.ts\`; one User and one Interview row for the foreign keys. Dropped at the end.
- The server side is the app's own code: \`Room.load()\` (\`loadBoard\`), a \`BoardWriter\` whose \`onFlushed\` calls \`Room.noteFlushed\`, so compaction into \`BoardSnapshot\` rows (\`writeSnapshot\`, through the Y.Doc) happens every ${SNAPSHOT_EVERY_ROWS} log rows exactly as in a live room.
- Two writers (interviewer and candidate), each a client Y.Doc written with \`writeLocalElements\` from \`lib/whiteboard/binding.ts\`; every client update is applied to the room's doc with the writer's socket as origin (as \`BoardServer.onMessage\` does) and relayed to the other writer. The pen changes hands about every 30 s; each writer "reloads" (new Y.Doc, new client id, synced from the server) every 15 simulated minutes.
- ${counts.updates} element updates over ${ELEMENTS} Excalidraw-shaped elements (0.18 field set, 400–600 bytes of JSON each): elements appear over the hour, existing ones are moved/resized (version bumps, new versionNonce), ${deleted} are deleted as \`isDeleted\` tombstones.
- Time is simulated: the writer is flushed every ${flushEvery} updates, i.e. every ${FLUSH_MS} ms of simulated time at ${RATE} updates/s, so the log has the same rows and the same batches and compaction cadence as a live room. Only the \`createdAt\` timestamps are compressed (the run takes ${fmt(genSeconds)} s).
- Verification: \`loadBoard()\` rebuilds the doc and its element map must deep-equal the generator's final elements (and the live room's map), at both load points.

## Results

${figures}

### Load time of \`loadBoard(interviewId)\`

${loadTable}

What "cold" means here: the board is not in memory (as after a restart or after an idle room was evicted), and the Prisma client is brand new: \`disconnectDb()\` before each load, so every timed load includes creating a PrismaClient, opening a new TCP connection and Postgres backend, and running \`loadBoard\`'s two queries plus building the Y.Doc. The first such load (Prisma's one-time per-process initialisation) is reported separately and excluded. Postgres's own buffer cache and the OS page cache are warm (the data was just written); a cache cleared from disk would add I/O time that this bench does not measure. "Warm pool" is a second \`loadBoard\` straight after, on the now-open pool: what a running server pays to open a room. "Decode only" applies the same snapshot + tail bytes to a fresh Y.Doc with no database, i.e. the CPU part of the load. ${LOADS} timed loads per point; percentiles are nearest-rank, so with ${LOADS} loads the p95 is the ${LOADS >= 20 ? `${Math.ceil(LOADS * 0.95)}th` : 'slowest'} one and moves with anything else the machine is doing (the load average at the start is in the machine table).

## Targets

| Target | Result | Met? |
|---|---|---|
| Latest snapshot ≤ 200 KB | ${kb(latest)} | ${snapshotMet ? 'yes' : '**no**'} |
| Cold load ≤ 150 ms (p95, fresh pool, worse of the two load points) | ${fmt(p95Fresh)} ms | ${loadMet ? 'yes' : '**no**'} |

## Interpretation

- The snapshot is the encoded state of the doc. The same ${expected.size} elements written once into a fresh doc encode to ${kb(flatBytes)}; the remaining ${kb(historyOverhead)} (${fmt(historyOverhead / counts.updates)} bytes per update written) is history. With \`gc: true\` an overwritten map value loses its content, but a small deleted item (its id and origin) stays, so that part grows with the number of updates (${counts.updates}) rather than with the number of elements. The content part grows with the number of elements, tombstones included (Excalidraw never removes a key).
- A load is two indexed queries (latest snapshot, then the rows after it) plus one \`Y.applyUpdate\` per row. The decode part is ${fmt(apply1)} ms with a ${loads1.tailRows}-row tail and ${fmt(apply2)} ms with a ${loads2.tailRows}-row tail; the same elements without history decode in ${fmt(flatDecodeMs)} ms, so most of the decode time is the history too. The rest of the cold figure is creating the client, connection set-up and query round trips.
- The log is never pruned (it is kept for replay): ${Number(rows)} rows, ${kb(Number(log_bytes))} of update bytes, for one hour of one board. Snapshots are not pruned either: ${Number(snapshots)} snapshots add ${kb(Number(snapshot_bytes))}; only the latest is ever read.
`;
  const file = writeResults('whiteboard-doc.md', md);
  console.log(`[doc] wrote ${file}`);
  for (const p of parties) p.doc.destroy();
  liveRoom.destroy();
}

runBench(main, 20 * 60_000);
