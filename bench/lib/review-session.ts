/**
 * A finished, hour-long interview for the review bench (bench/review.ts),
 * generated in memory and then written straight into Postgres:
 *
 * - the board's update log: real Yjs V1 updates, each one what a browser's
 *   binding (lib/whiteboard/binding.ts `writeLocalElements`) emits for one
 *   element change, with two writers (candidate and interviewer) whose docs
 *   stay in sync as they would through the server, and a reload now and then
 *   (a new Yjs client id); elements are created over the session, then mostly
 *   moved and resized, a few deleted (tombstones), with idle stretches;
 * - the timer's event log: a start at T0 and a `next` at every phase
 *   boundary of the 60-minute agenda, the last one finishing it;
 * - marks spread over the hour: notes, signal and red-flag ticks, card
 *   reveals and score changes, stamped with the session clock and phase as
 *   the app stamps them (lib/timer's own functions).
 *
 * Seeded: the same seed gives the same session shape (Yjs client ids and
 * the absolute times differ from run to run).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import { elementsMap, writeLocalElements } from '../../lib/whiteboard/binding';
import { applyTimerCommand, initialTimer, sessionElapsedMs, toTimerPhases, type TimerCommand, type TimerState } from '../../lib/timer/timer';
import { db } from '../../server/db/client';
import { deleteElement, editElement, ELEMENT_TYPES, elementId, newElement, rng, type Element } from './elements';

export interface AgendaPhase {
  id: string;
  title: string;
  minutes: number;
}

export interface SessionShape {
  minutes: number;
  updates: number;
  elements: number;
  /** Elements deleted over the session. */
  deletions: number;
  marks: number;
  seed: number;
}

export interface LoggedUpdate {
  /** Wall-clock ms (integer: Postgres keeps ms). */
  at: number;
  update: Uint8Array;
  userId: string;
  elementId: string;
  deleted: boolean;
}

export interface GeneratedBoard {
  updates: LoggedUpdate[];
  /** Axis stretches with no board update longer than 30 s. */
  gaps: { fromMs: number; toMs: number }[];
  created: number;
  deleted: number;
  edits: number;
  interviewerShare: number;
  reloads: number;
  bytes: number;
  /** The elements as the generator last wrote them (tombstones included). */
  final: Map<string, Element>;
}

const ms = (minutes: number) => Math.round(minutes * 60_000);

/**
 * Where the drawing pauses: the first 75 s (scoping is talk), the last 20 s,
 * and a few 35–100 s stretches elsewhere (reading a card, arguing a point).
 */
function idleStretches(random: () => number, durationMs: number): { fromMs: number; toMs: number }[] {
  const gaps = [{ fromMs: 0, toMs: 75_000 }];
  for (let tries = 0; gaps.length < 7 && tries < 1000; tries++) {
    const length = 35_000 + Math.floor(random() * 65_000);
    const from = 120_000 + Math.floor(random() * (durationMs - 200_000 - length));
    const gap = { fromMs: from, toMs: from + length };
    if (gaps.every((g) => gap.toMs + 60_000 < g.fromMs || gap.fromMs > g.toMs + 60_000)) gaps.push(gap);
  }
  gaps.push({ fromMs: durationMs - 20_000, toMs: durationMs });
  return gaps.sort((a, b) => a.fromMs - b.fromMs);
}

/** The board's log for one session starting at `t0`. */
export function generateBoard(shape: SessionShape, t0: number, users: { candidate: string; interviewer: string }): GeneratedBoard {
  const random = rng(shape.seed);
  const durationMs = ms(shape.minutes);
  const gaps = idleStretches(random, durationMs);
  const active: { fromMs: number; toMs: number }[] = [];
  let cursor = 0;
  for (const gap of gaps) {
    if (gap.fromMs > cursor) active.push({ fromMs: cursor, toMs: gap.fromMs });
    cursor = Math.max(cursor, gap.toMs);
  }
  const activeMs = active.reduce((sum, a) => sum + a.toMs - a.fromMs, 0);
  /** Position `x` ms into the drawing time → ms on the axis. */
  const onAxis = (x: number) => {
    for (const a of active) {
      if (x < a.toMs - a.fromMs) return a.fromMs + x;
      x -= a.toMs - a.fromMs;
    }
    return active.at(-1)!.toMs - 1;
  };

  // Two browsers, kept in sync as the server's relay would keep them.
  const FROM_PEER = Symbol('peer');
  const parties = [
    { userId: users.candidate, doc: new Y.Doc() },
    { userId: users.interviewer, doc: new Y.Doc() },
  ];
  let captured: Uint8Array | null = null;
  const wire = (p: (typeof parties)[number]) => {
    p.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_PEER) return;
      captured = update;
      for (const other of parties) if (other !== p) Y.applyUpdate(other.doc, update, FROM_PEER);
    });
  };
  parties.forEach(wire);
  /** A reloaded tab: a new doc (new client id) synced from the other side. */
  const reload = (p: (typeof parties)[number]) => {
    const other = parties.find((o) => o !== p)!;
    p.doc.destroy();
    p.doc = new Y.Doc();
    Y.applyUpdate(p.doc, Y.encodeStateAsUpdate(other.doc), FROM_PEER);
    wire(p);
  };

  const n = shape.updates;
  // Element k is drawn at update createAt[k]: early elements come fast, later ones slower.
  const createAt = Array.from({ length: shape.elements }, (_, k) => Math.floor(n * 0.9 * (k / shape.elements) ** 1.15));
  const deleteAt = new Set<number>();
  while (deleteAt.size < shape.deletions) deleteAt.add(Math.floor(n * (0.15 + 0.85 * random())));
  const reloadAt = new Set([Math.floor(n / 3), Math.floor((2 * n) / 3)]);

  const expected = new Map<string, Element>();
  const live: string[] = [];
  const recent: string[] = [];
  const updates: LoggedUpdate[] = [];
  let created = 0;
  let deleted = 0;
  let edits = 0;
  let reloads = 0;
  let bytes = 0;
  let pen = 0; // 0: candidate, 1: interviewer
  let byInterviewer = 0;
  const slot = activeMs / n;

  for (let i = 0; i < n; i++) {
    const at = t0 + Math.round(onAxis((i + random()) * slot));
    // The pen changes hands every ~300 updates on average; the candidate holds it most of the time.
    if (random() < 1 / 300) pen = random() < 0.15 ? 1 : 0;
    if (reloadAt.has(i)) {
      reload(parties[0]!);
      reloads += 1;
    }
    let el: Element;
    if (created < shape.elements && createAt[created]! <= i) {
      el = newElement(random, elementId(random), ELEMENT_TYPES[Math.floor(random() * ELEMENT_TYPES.length)]!, created, at);
      created += 1;
      live.push(el.id);
    } else if (deleteAt.has(i) && live.length > 10) {
      const candidates = live.filter((id) => !recent.includes(id));
      const id = candidates[Math.floor(random() * candidates.length)]!;
      live.splice(live.indexOf(id), 1);
      el = deleteElement(random, expected.get(id)!, at);
      deleted += 1;
    } else {
      const pool = random() < 0.7 && recent.length ? recent : live;
      el = editElement(random, expected.get(pool[Math.floor(random() * pool.length)]!)!, at);
      edits += 1;
    }
    const r = recent.indexOf(el.id);
    if (r >= 0) recent.splice(r, 1);
    if (!el.isDeleted) {
      recent.push(el.id);
      if (recent.length > 8) recent.shift();
    }
    expected.set(el.id, el);
    captured = null;
    const party = parties[pen]!;
    if (writeLocalElements(party.doc, [el], 'local') !== 1 || !captured) throw new Error(`update ${i} produced no Yjs update`);
    const update: Uint8Array = captured;
    bytes += update.byteLength;
    if (pen === 1) byInterviewer += 1;
    updates.push({ at, update, userId: party.userId, elementId: el.id, deleted: el.isDeleted });
  }
  for (const p of parties) p.doc.destroy();

  const axisGaps: { fromMs: number; toMs: number }[] = [];
  let last = 0;
  for (const u of updates) {
    if (u.at - t0 - last > 30_000) axisGaps.push({ fromMs: last, toMs: u.at - t0 });
    last = u.at - t0;
  }
  if (durationMs - last > 30_000) axisGaps.push({ fromMs: last, toMs: durationMs });
  return { updates, gaps: axisGaps, created, deleted, edits, interviewerShare: byInterviewer / n, reloads, bytes, final: expected };
}

/** The ids of the elements shown at axis ms `atMs` (updates stamped at or before it), by replaying the generator's own record. */
export function expectedIdsAt(updates: readonly LoggedUpdate[], t0: number, atMs: number): Set<string> {
  const shown = new Set<string>();
  for (const u of updates) {
    if (u.at - t0 > atMs) break;
    if (u.deleted) shown.delete(u.elementId);
    else shown.add(u.elementId);
  }
  return shown;
}

/** The non-deleted elements of a doc built from every update, to check the log against the generator. */
export function replayedIds(updates: readonly Uint8Array[]): Set<string> {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  const ids = new Set<string>();
  elementsMap(doc).forEach((value, key) => {
    if (!(value as { isDeleted?: boolean }).isDeleted) ids.add(key);
  });
  doc.destroy();
  return ids;
}

// ---------------------------------------------------------------- timer and marks

export interface Timing {
  t0: number;
  endAt: number;
  /** Wall-clock ms of each phase's start; the agenda finishes at endAt. */
  phaseStarts: number[];
  commands: { at: number; command: TimerCommand }[];
}

/** Start at t0, `next` at every boundary (interior ones up to ±45 s off plan), the last `next` at t0 + the agenda's length. */
export function timing(phases: AgendaPhase[], t0: number, seed: number): Timing {
  const random = rng(seed + 101);
  const total = phases.reduce((sum, p) => sum + p.minutes, 0);
  const phaseStarts: number[] = [];
  let planned = 0;
  for (let i = 0; i < phases.length; i++) {
    phaseStarts.push(i === 0 ? t0 : t0 + ms(planned) + Math.round((random() - 0.5) * 90_000));
    planned += phases[i]!.minutes;
  }
  const endAt = t0 + ms(total);
  const commands: Timing['commands'] = [{ at: t0, command: { type: 'start' } }];
  for (let i = 1; i < phases.length; i++) commands.push({ at: phaseStarts[i]!, command: { type: 'next' } });
  commands.push({ at: endAt, command: { type: 'next' } });
  return { t0, endAt, phaseStarts, commands };
}

/** The session-clock stamp at `at`, computed exactly as server/timer/session-clock.ts does from the log. */
export function stampAt(phases: AgendaPhase[], time: Timing, at: number): { sessionMs: number; phaseId: string } {
  let state: TimerState = initialTimer(toTimerPhases(phases));
  for (const c of time.commands) if (c.at <= at) state = applyTimerCommand(state, c.command, c.at);
  return { sessionMs: Math.round(sessionElapsedMs(state, at)), phaseId: state.phases[state.index]!.id };
}

export interface RubricSnapshot {
  version: string;
  dimensions: string[];
  signals: Record<string, string[]>;
  redFlags: string[];
  cards: { id: string; phase: string }[];
}

export interface MarkCounts {
  notes: number;
  signals: number;
  redFlags: number;
  cards: number;
  scoreChanges: number;
}

const NOTE_LINES = [
  'Asked who the users are before drawing anything',
  'Went straight to a model without a baseline',
  'Good instinct on label delay, did not size the window',
  'Latency budget stated but not split across components',
  'Needed a nudge towards the offline/online metric gap',
  'Clear diagram of the request path',
  'Mentioned drift but no concrete monitor',
  'Handled the card calmly, revised the feature list',
  'Proposed shadow mode before rollout',
  'Numbers for QPS were off by an order of magnitude',
  'Explained the trade-off to a non-ML stakeholder well',
  'Skipped over data freshness; probe again later',
];

/** 200 marks by default: 2 cards, as many ticks as the rubric allows (at most 19), about 29 % score changes, the rest notes. */
export function markCounts(total: number, rubric: RubricSnapshot): MarkCounts {
  const cards = Math.min(2, rubric.cards.length);
  const signalSlots = Object.values(rubric.signals).reduce((sum, list) => sum + list.length, 0);
  const signals = Math.min(16, signalSlots);
  const redFlags = Math.min(3, rubric.redFlags.length);
  const scoreChanges = Math.round(total * 0.29);
  const notes = total - cards - signals - redFlags - scoreChanges;
  if (notes < 0) throw new Error(`--marks ${total} is too few for this rubric`);
  return { notes, signals, redFlags, cards, scoreChanges };
}

const cuidLike = () => `c${randomBytes(12).toString('hex')}`;

/**
 * Writes the session into the database: the interview's row (60-minute
 * agenda, ended), the timer log, the board log (one INSERT … unnest per
 * batch, as the app's BoardWriter does), the interviewer's evaluation with
 * final scores, and the marks. Returns the counts written.
 */
export async function writeSession(
  databaseUrl: string,
  input: {
    interviewId: string;
    users: { interviewer: string; candidate: string; observer: string };
    phases: AgendaPhase[];
    rubric: RubricSnapshot;
    time: Timing;
    board: GeneratedBoard;
    marks: number;
    seed: number;
  },
): Promise<MarkCounts & { boardRows: number; timerEvents: number }> {
  const { interviewId, users, phases, rubric, time, board } = input;
  const random = rng(input.seed + 202);
  const client = db();
  const minutes = phases.reduce((sum, p) => sum + p.minutes, 0);
  await client.interview.update({
    where: { id: interviewId },
    data: { durationMinutes: minutes, status: 'ended', startedAt: new Date(time.t0), endedAt: new Date(time.endAt), createdAt: new Date(time.t0 - 3_600_000) },
  });
  await client.participant.updateMany({ where: { interviewId }, data: { joinedAt: new Date(time.t0 - 600_000) } });
  await client.timerEvent.createMany({
    data: time.commands.map((c, i) => ({ interviewId, seq: i + 1, type: c.command.type, payload: { v: 1, ...c.command }, actorId: users.interviewer, at: new Date(c.at) })),
  });

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const BATCH = 3000;
    for (let from = 0; from < board.updates.length; from += BATCH) {
      const rows = board.updates.slice(from, from + BATCH);
      await pool.query(
        `INSERT INTO "BoardUpdate" ("interviewId", "update", "userId", "createdAt")
         SELECT $1, u, us, to_timestamp(t / 1000.0) AT TIME ZONE 'UTC'
         FROM unnest($2::bytea[], $3::text[], $4::float8[]) AS x(u, us, t)`,
        [interviewId, rows.map((r) => Buffer.from(r.update.buffer, r.update.byteOffset, r.update.byteLength)), rows.map((r) => r.userId), rows.map((r) => r.at)],
      );
    }
  } finally {
    await pool.end();
  }

  const counts = markCounts(input.marks, rubric);
  const span = { from: time.t0 + 30_000, to: time.endAt - 10_000 };
  const sortedTimes = (count: number) =>
    Array.from({ length: count }, () => Math.round(span.from + random() * (span.to - span.from))).sort((a, b) => a - b);
  const stamp = (at: number) => stampAt(phases, time, at);

  await client.note.createMany({
    data: sortedTimes(counts.notes).map((at, i) => ({
      id: cuidLike(), interviewId, authorId: users.interviewer, text: `${NOTE_LINES[i % NOTE_LINES.length]} (${i + 1})`, ...stamp(at), createdAt: new Date(at),
    })),
  });

  const evaluation = await client.evaluation.create({
    data: { interviewId, evaluatorId: users.interviewer, rubricVersion: rubric.version, recommendation: 'hire', levelEstimate: 'staff', candidateFeedback: 'Clear structure; go deeper on monitoring.', createdAt: new Date(time.t0 + 5_000) },
  });
  const slots = Object.entries(rubric.signals).flatMap(([dimensionId, list]) => list.map((_, itemIndex) => ({ dimensionId, itemIndex })));
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  const pickedSignals = slots.slice(0, counts.signals);
  const ticks = [
    ...pickedSignals.map((s) => ({ kind: 'signal' as const, ...s })),
    ...Array.from({ length: counts.redFlags }, (_, itemIndex) => ({ kind: 'red_flag' as const, dimensionId: '', itemIndex })),
  ];
  const tickTimes = sortedTimes(ticks.length);
  await client.rubricMark.createMany({
    data: ticks.map((t, i) => ({ id: cuidLike(), evaluationId: evaluation.id, ...t, ...stamp(tickTimes[i]!), markedAt: new Date(tickTimes[i]!) })),
  });

  // Cards are played during their own phase.
  const reveals = rubric.cards.slice(0, counts.cards).map((card) => {
    const index = Math.max(0, phases.findIndex((p) => p.id === card.phase));
    const from = time.phaseStarts[index]!;
    const to = time.phaseStarts[index + 1] ?? time.endAt;
    return { card, at: Math.round(from + (0.3 + 0.4 * random()) * (to - from)) };
  });
  await client.cardReveal.createMany({
    data: reveals.map(({ card, at }) => ({ id: cuidLike(), interviewId, cardId: card.id, revealedById: users.interviewer, ...stamp(at), revealedAt: new Date(at) })),
  });

  const lastScore = new Map<string, number>();
  const changeTimes = sortedTimes(counts.scoreChanges);
  const changes = changeTimes.map((at, i) => {
    const dimensionId = rubric.dimensions[i % rubric.dimensions.length]!;
    const previous = lastScore.get(dimensionId) ?? 2;
    const score = Math.min(4, Math.max(1, previous + (random() < 0.5 ? -1 : 1)));
    lastScore.set(dimensionId, score);
    return { id: cuidLike(), evaluationId: evaluation.id, dimensionId, score, changedAt: new Date(at) };
  });
  await client.scoreChange.createMany({ data: changes });
  await client.dimensionScore.createMany({ data: [...lastScore].map(([dimensionId, score]) => ({ evaluationId: evaluation.id, dimensionId, score })) });

  return { ...counts, boardRows: board.updates.length, timerEvents: time.commands.length };
}
