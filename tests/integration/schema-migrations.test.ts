/**
 * The committed SQL migrations and prisma/schema.prisma must describe the same
 * database: migrate a fresh database, then create and read every model through
 * the generated client with every scalar field set.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { createPrismaClient } from '../../server/db/client';
import { migrate, MigrationError, readMigrations } from '../../server/db/migrate';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), { migrated: false });
  await migrate(database.url);
  prisma = createPrismaClient(database.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

async function makeInterview(p: PrismaClient, id: string) {
  const user = await p.user.create({ data: { email: `${id}@example.test` } });
  return p.interview.create({
    data: { id, scenarioSlug: 's', scenarioVersion: 'v', scenarioSnapshot: {}, title: 'T', level: 'senior', durationMinutes: 60, mode: 'peer', createdById: user.id },
  });
}

/** One round trip per model; keys must cover Prisma.ModelName exactly. */
const roundTrips: Record<Prisma.ModelName, (p: PrismaClient) => Promise<void>> = {
  async User(p) {
    const created = await p.user.create({
      data: { name: 'Ada', email: 'ada@example.test', emailVerified: new Date('2026-01-02T03:04:05.006Z'), image: 'https://img.example/a.png', passwordHash: '$argon2id$x', timeZone: 'Europe/Berlin' },
    });
    const read = await p.user.findUniqueOrThrow({ where: { email: 'ada@example.test' } });
    expect(read).toEqual(created);
    expect(read.emailVerified?.toISOString()).toBe('2026-01-02T03:04:05.006Z');
    expect(read.timeZone).toBe('Europe/Berlin');
    expect(read.createdAt).toBeInstanceOf(Date);
    await expect(p.user.create({ data: { email: 'ada@example.test' } })).rejects.toMatchObject({ code: 'P2002' });
  },
  async Account(p) {
    const user = await p.user.create({ data: { email: 'acct@example.test' } });
    await p.account.create({
      data: {
        userId: user.id, type: 'oauth', provider: 'github', providerAccountId: '42', refresh_token: 'r', access_token: 'a',
        expires_at: 1_900_000_000, token_type: 'bearer', scope: 'read:user', id_token: 'i', session_state: 's',
      },
    });
    const read = await p.user.findUniqueOrThrow({ where: { id: user.id }, include: { accounts: true } });
    expect(read.accounts).toHaveLength(1);
    expect(read.accounts[0]).toMatchObject({ provider: 'github', providerAccountId: '42', expires_at: 1_900_000_000 });
    // Deleting the user cascades to the account.
    await p.user.delete({ where: { id: user.id } });
    expect(await p.account.count({ where: { userId: user.id } })).toBe(0);
  },
  async Session(p) {
    const user = await p.user.create({ data: { email: 'sess@example.test' } });
    const expires = new Date(Date.now() + 60_000);
    await p.session.create({ data: { sessionToken: 'tok', userId: user.id, expires } });
    const read = await p.session.findUniqueOrThrow({ where: { sessionToken: 'tok' }, include: { user: true } });
    expect(read.user.email).toBe('sess@example.test');
    expect(read.expires.getTime()).toBe(expires.getTime());
  },
  async Interview(p) {
    const user = await p.user.create({ data: { email: 'creator@example.test' } });
    const snapshot = { slug: 'x', rubric: { dimensions: [{ id: 'modeling' }] } };
    await p.interview.create({
      data: {
        id: 'iv-round-trip', scenarioSlug: 'x', scenarioVersion: 'abc123', scenarioSnapshot: snapshot, title: 'T', level: 'staff',
        durationMinutes: 45, mode: 'coach', status: 'scheduled', scheduledAt: new Date('2026-12-01T10:00:00Z'), priceCents: 15000, createdById: user.id,
      },
    });
    const read = await p.interview.findUniqueOrThrow({ where: { id: 'iv-round-trip' }, include: { createdBy: true } });
    expect(read).toMatchObject({ mode: 'coach', status: 'scheduled', priceCents: 15000, paid: false, durationMinutes: 45 });
    expect(read.scenarioSnapshot).toEqual(snapshot);
    expect(read.createdBy.email).toBe('creator@example.test');
    expect(read).toMatchObject({ cancelledAt: null, calendarSequence: 0, previousRoundId: null });
    const round2 = await p.interview.create({
      data: {
        id: 'iv-round-2', scenarioSlug: 'y', scenarioVersion: 'v', scenarioSnapshot: {}, title: 'T2', level: 'staff', durationMinutes: 45, mode: 'peer',
        previousRoundId: 'iv-round-trip', cancelledAt: new Date('2026-12-01T09:00:00Z'), calendarSequence: 3, createdById: user.id,
      },
    });
    const linked = await p.interview.findUniqueOrThrow({ where: { id: 'iv-round-trip' }, include: { nextRound: true } });
    expect(linked.nextRound?.id).toBe(round2.id);
    expect(round2).toMatchObject({ calendarSequence: 3 });
  },
  async Participant(p) {
    const interview = await makeInterview(p, 'iv-participant');
    const user = await p.user.create({ data: { email: 'part@example.test' } });
    await p.participant.create({ data: { interviewId: interview.id, userId: user.id, role: 'candidate' } });
    const read = await p.interview.findUniqueOrThrow({ where: { id: interview.id }, include: { participants: true } });
    expect(read.participants.map((x) => x.role)).toEqual(['candidate']);
    await expect(p.participant.create({ data: { interviewId: interview.id, userId: user.id, role: 'observer' } })).rejects.toMatchObject({ code: 'P2002' });
  },
  async Invite(p) {
    const interview = await makeInterview(p, 'iv-invite');
    const expiresAt = new Date(Date.now() + 3600_000);
    await p.invite.create({ data: { interviewId: interview.id, role: 'observer', tokenHash: 'h'.repeat(64), expiresAt, maxUses: 10 } });
    const read = await p.invite.findUniqueOrThrow({ where: { tokenHash: 'h'.repeat(64) } });
    expect(read).toMatchObject({ role: 'observer', maxUses: 10, uses: 0, revokedAt: null });
  },
  async TimerEvent(p) {
    const interview = await makeInterview(p, 'iv-timer');
    await p.timerEvent.create({ data: { interviewId: interview.id, seq: 1, type: 'start', payload: { phaseIndex: 0 } } });
    const read = await p.timerEvent.findUniqueOrThrow({ where: { interviewId_seq: { interviewId: interview.id, seq: 1 } } });
    expect(typeof read.id).toBe('bigint');
    expect(read.payload).toEqual({ phaseIndex: 0 });
  },
  async BoardUpdate(p) {
    const interview = await makeInterview(p, 'iv-board');
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const created = await p.boardUpdate.create({ data: { interviewId: interview.id, update: bytes } });
    const read = await p.boardUpdate.findUniqueOrThrow({ where: { id: created.id } });
    expect([...read.update]).toEqual([1, 2, 3, 250]);
  },
  async BoardSnapshot(p) {
    const interview = await makeInterview(p, 'iv-snapshot');
    await p.boardSnapshot.create({ data: { interviewId: interview.id, state: new Uint8Array([9, 9]), upToUpdateId: 42n } });
    const read = await p.boardSnapshot.findFirstOrThrow({ where: { interviewId: interview.id } });
    expect(read.upToUpdateId).toBe(42n);
    // Deleting the interview cascades to its board history.
    await p.interview.delete({ where: { id: interview.id } });
    expect(await p.boardSnapshot.count({ where: { interviewId: interview.id } })).toBe(0);
  },
  async Evaluation(p) {
    const interview = await makeInterview(p, 'iv-eval');
    const created = await p.evaluation.create({
      data: {
        interviewId: interview.id, evaluatorId: interview.createdById, rubricVersion: 'v', recommendation: 'strong_hire',
        levelEstimate: 'below_senior', candidateFeedback: 'Clear framing.',
      },
    });
    expect(await p.evaluation.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);
    // One evaluation per evaluator per interview.
    await expect(p.evaluation.create({ data: { interviewId: interview.id, evaluatorId: interview.createdById, rubricVersion: 'v' } })).rejects.toMatchObject({ code: 'P2002' });
  },
  async DimensionScore(p) {
    const interview = await makeInterview(p, 'iv-score');
    const evaluation = await p.evaluation.create({ data: { interviewId: interview.id, evaluatorId: interview.createdById, rubricVersion: 'v' } });
    await p.dimensionScore.create({ data: { evaluationId: evaluation.id, dimensionId: 'framing', score: 4, summary: 'Sharp.' } });
    const read = await p.dimensionScore.findUniqueOrThrow({ where: { evaluationId_dimensionId: { evaluationId: evaluation.id, dimensionId: 'framing' } } });
    expect(read).toMatchObject({ score: 4, summary: 'Sharp.' });
    // The range check lives only in SQL; prove the migration has it.
    await expect(p.dimensionScore.create({ data: { evaluationId: evaluation.id, dimensionId: 'other', score: 5 } })).rejects.toThrow(/DimensionScore_score_range/);
  },
  async RubricMark(p) {
    const interview = await makeInterview(p, 'iv-mark');
    const evaluation = await p.evaluation.create({ data: { interviewId: interview.id, evaluatorId: interview.createdById, rubricVersion: 'v' } });
    const data = { evaluationId: evaluation.id, kind: 'red_flag' as const, dimensionId: '', itemIndex: 2, sessionMs: 61_000, phaseId: 'deep-dive', markedAt: new Date('2026-01-02T03:04:05.006Z') };
    await p.rubricMark.create({ data });
    expect(await p.rubricMark.findFirstOrThrow({ where: { evaluationId: evaluation.id } })).toMatchObject(data);
    await expect(p.rubricMark.create({ data })).rejects.toMatchObject({ code: 'P2002' });
  },
  async Note(p) {
    const interview = await makeInterview(p, 'iv-note');
    const data = { interviewId: interview.id, authorId: interview.createdById, text: 'Asked about label delay', sessionMs: 90_500, phaseId: 'clarify', createdAt: new Date('2026-01-02T03:04:05.006Z') };
    const created = await p.note.create({ data });
    expect(await p.note.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject(data);
  },
  async CardReveal(p) {
    const interview = await makeInterview(p, 'iv-card');
    const data = { interviewId: interview.id, cardId: 'traffic-spike', revealedById: interview.createdById, sessionMs: 1_200_000, phaseId: 'deep-dive', revealedAt: new Date('2026-01-02T03:04:05.006Z') };
    await p.cardReveal.create({ data });
    expect(await p.cardReveal.findUniqueOrThrow({ where: { interviewId_cardId: { interviewId: interview.id, cardId: 'traffic-spike' } } })).toMatchObject(data);
    await expect(p.cardReveal.create({ data })).rejects.toMatchObject({ code: 'P2002' });
  },
  async ScoreChange(p) {
    const interview = await makeInterview(p, 'iv-score-change');
    const evaluation = await p.evaluation.create({ data: { interviewId: interview.id, evaluatorId: interview.createdById, rubricVersion: 'v' } });
    const data = { evaluationId: evaluation.id, dimensionId: 'framing', score: 3, changedAt: new Date('2026-01-02T03:04:05.006Z') };
    await p.scoreChange.create({ data });
    await p.scoreChange.create({ data: { evaluationId: evaluation.id, dimensionId: 'framing', score: null } });
    const read = await p.scoreChange.findMany({ where: { evaluationId: evaluation.id }, orderBy: { changedAt: 'asc' } });
    expect(read.map((r) => r.score)).toEqual([3, null]);
    expect(read[0]).toMatchObject(data);
  },
  async ReviewShare(p) {
    const interview = await makeInterview(p, 'iv-share');
    const data = {
      id: 'share-1', interviewId: interview.id, createdById: interview.createdById, tokenHash: 'a'.repeat(64), tokenCiphertext: 'sealed',
      scope: { replay: true, phases: true, scores: false, interviewerOnly: false }, expiresAt: new Date('2026-01-09T00:00:00.000Z'),
    };
    await p.reviewShare.create({ data });
    expect(await p.reviewShare.findUniqueOrThrow({ where: { tokenHash: 'a'.repeat(64) } })).toMatchObject({ ...data, revokedAt: null });
    await expect(p.reviewShare.create({ data: { ...data, id: 'share-2' } })).rejects.toMatchObject({ code: 'P2002' });
  },
  async ReviewShareOpen(p) {
    const interview = await makeInterview(p, 'iv-share-open');
    const share = await p.reviewShare.create({
      data: { id: 'share-open', interviewId: interview.id, createdById: interview.createdById, tokenHash: 'b'.repeat(64), tokenCiphertext: 's', scope: {}, expiresAt: new Date() },
    });
    await p.reviewShareOpen.create({ data: { shareId: share.id, userId: interview.createdById } });
    const read = await p.reviewShare.findUniqueOrThrow({ where: { id: share.id }, include: { opens: true } });
    expect(read.opens).toHaveLength(1);
    expect(read.opens[0]!.openedAt).toBeInstanceOf(Date);
  },
  async EmailMessage(p) {
    const interview = await makeInterview(p, 'iv-email');
    const created = await p.emailMessage.create({
      data: {
        dedupeKey: 'invitation:iv-email:1', userId: interview.createdById, toEmail: 'iv-email@example.test', kind: 'invitation', subject: 'S', text: 't', html: '<p>t</p>',
        ics: 'BEGIN:VCALENDAR', icsMethod: 'REQUEST', interviewId: interview.id, status: 'failed', attempts: 2, lastError: 'ECONNREFUSED', sentAt: new Date('2026-01-02T03:04:05.006Z'),
      },
    });
    expect(await p.emailMessage.findUniqueOrThrow({ where: { dedupeKey: 'invitation:iv-email:1' } })).toEqual(created);
    await expect(p.emailMessage.create({ data: { dedupeKey: 'invitation:iv-email:1', toEmail: 'x@example.test', kind: 'k', subject: 's', text: 't', html: 'h' } })).rejects.toMatchObject({ code: 'P2002' });
  },
  async RoomVisit(p) {
    const interview = await makeInterview(p, 'iv-visit');
    await p.roomVisit.create({ data: { interviewId: interview.id, userId: interview.createdById } });
    const read = await p.roomVisit.findUniqueOrThrow({ where: { interviewId_userId: { interviewId: interview.id, userId: interview.createdById } } });
    expect(read.firstJoinedAt).toBeInstanceOf(Date);
    expect(read.lastJoinedAt).toBeInstanceOf(Date);
  },
  async AvailabilityRequest(p) {
    const user = await p.user.create({ data: { email: 'avail@example.test' } });
    const interview = await makeInterview(p, 'iv-avail');
    const created = await p.availabilityRequest.create({
      data: { userId: user.id, level: 'senior', domains: ['ranking', 'search'], firstRole: 'candidate', timeZone: 'Europe/Berlin', status: 'matched', interviewId: interview.id, matchedAt: new Date() },
    });
    expect(await p.availabilityRequest.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);
    await p.availabilityRequest.create({ data: { userId: user.id, level: 'staff', domains: [], timeZone: 'UTC' } });
    // The partial unique index: a second open request for the same user is refused.
    await expect(p.availabilityRequest.create({ data: { userId: user.id, level: 'staff', domains: [], timeZone: 'UTC' } })).rejects.toMatchObject({ code: 'P2002' });
  },
  async AvailabilitySlot(p) {
    const user = await p.user.create({ data: { email: 'slot@example.test' } });
    const request = await p.availabilityRequest.create({ data: { userId: user.id, level: 'senior', domains: [], timeZone: 'UTC' } });
    await p.availabilitySlot.create({ data: { requestId: request.id, startsAt: new Date('2026-12-01T10:00:00Z'), endsAt: new Date('2026-12-01T13:00:00Z') } });
    const read = await p.availabilityRequest.findUniqueOrThrow({ where: { id: request.id }, include: { slots: true } });
    expect(read.slots[0]!.endsAt.toISOString()).toBe('2026-12-01T13:00:00.000Z');
  },
  async ReliabilityEvent(p) {
    const interview = await makeInterview(p, 'iv-reliability');
    const other = await p.user.create({ data: { email: 'reporter@example.test' } });
    const created = await p.reliabilityEvent.create({ data: { userId: interview.createdById, interviewId: interview.id, kind: 'no_show', reportedById: other.id } });
    expect(await p.reliabilityEvent.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);
    await expect(p.reliabilityEvent.create({ data: { userId: interview.createdById, interviewId: interview.id, kind: 'no_show' } })).rejects.toMatchObject({ code: 'P2002' });
  },
  async InterviewerRating(p) {
    const interview = await makeInterview(p, 'iv-rating');
    const rater = await p.user.create({ data: { email: 'rater@example.test' } });
    const created = await p.interviewerRating.create({
      data: { interviewId: interview.id, raterId: rater.id, interviewerId: interview.createdById, clarity: 4, hints: 3, feedback: 5, comment: 'Clear prompt.' },
    });
    expect(await p.interviewerRating.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);
  },
  async RepracticeReminder(p) {
    const interview = await makeInterview(p, 'iv-repractice');
    const created = await p.repracticeReminder.create({
      data: { userId: interview.createdById, interviewId: interview.id, dueAt: new Date('2026-12-05T09:00:00Z'), dayOffset: 4, sentAt: new Date() },
    });
    expect(await p.repracticeReminder.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);
  },
  async FeedbackRelease(p) {
    const interview = await makeInterview(p, 'iv-release');
    const evaluation = await p.evaluation.create({ data: { interviewId: interview.id, evaluatorId: interview.createdById, rubricVersion: 'v' } });
    const content = { feedback: 'Well structured.', dimensions: [{ id: 'framing', score: 3 }] };
    await p.feedbackRelease.create({ data: { evaluationId: evaluation.id, interviewId: interview.id, releasedById: interview.createdById, content } });
    const read = await p.evaluation.findUniqueOrThrow({ where: { id: evaluation.id }, include: { release: true } });
    expect(read.release?.content).toEqual(content);
    expect(read.release?.releasedAt).toBeInstanceOf(Date);
  },
  async RecordingSession(p) {
    const interview = await makeInterview(p, 'iv-rec-session');
    const data = { id: 'rs-1', interviewId: interview.id, requestedById: interview.createdById, sessionMs: 61_000, startedAt: new Date('2026-01-02T03:04:05.006Z'), stoppedAt: new Date('2026-01-02T04:04:05.006Z'), stoppedById: interview.createdById };
    await p.recordingSession.create({ data });
    expect(await p.recordingSession.findUniqueOrThrow({ where: { id: 'rs-1' } })).toEqual(data);
  },
  async RecordingConsent(p) {
    const interview = await makeInterview(p, 'iv-rec-consent');
    await p.recordingSession.create({ data: { id: 'rs-2', interviewId: interview.id, requestedById: interview.createdById } });
    const data = { sessionId: 'rs-2', userId: interview.createdById, decision: 'declined' as const, scope: ['camera', 'microphone', 'board'], decidedAt: new Date('2026-01-02T03:04:05.006Z') };
    const created = await p.recordingConsent.create({ data });
    expect(await p.recordingConsent.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject(data);
  },
  async Recording(p) {
    const interview = await makeInterview(p, 'iv-recording');
    await p.recordingSession.create({ data: { id: 'rs-3', interviewId: interview.id, requestedById: interview.createdById } });
    const data = {
      id: 'rec-1',
      sessionId: 'rs-3',
      interviewId: interview.id,
      userId: interview.createdById,
      mimeType: 'video/webm;codecs=vp8,opus',
      status: 'finished' as const,
      nextSeq: 1200,
      finalChunks: 1200,
      bytes: 5_000_000_000n,
      startedAt: new Date('2026-01-02T03:04:05.006Z'),
      stoppedAt: new Date('2026-01-02T04:04:05.006Z'),
      finishedAt: new Date('2026-01-02T04:05:05.006Z'),
      durationMs: 3_600_000,
      egressId: 'EG_abc123',
      failure: 'LiveKit could not start the recording: room not found',
      streamStarts: [836_419n, 4_000_000_000n],
    };
    await p.recording.create({ data });
    expect(await p.recording.findUniqueOrThrow({ where: { id: 'rec-1' } })).toEqual(data);
    await expect(p.recording.create({ data: { ...data, id: 'rec-2' } })).rejects.toMatchObject({ code: 'P2002' });
    // The status a deletion passes through (20261210010000_recording_deletion), and the sweep's index on it.
    await p.recording.update({ where: { id: 'rec-1' }, data: { status: 'deleting' } });
    expect(await p.recording.findMany({ where: { status: 'deleting' }, select: { id: true } })).toEqual([{ id: 'rec-1' }]);
  },
  async VerificationToken(p) {
    const expires = new Date(Date.now() + 60_000);
    await p.verificationToken.create({ data: { identifier: 'v@example.test', token: 'hashed', expires } });
    const read = await p.verificationToken.findUniqueOrThrow({ where: { identifier_token: { identifier: 'v@example.test', token: 'hashed' } } });
    expect(read.expires.getTime()).toBe(expires.getTime());
  },
};

describe('schema and migrations agree', () => {
  it('has a round trip for every model in the schema', () => {
    expect(Object.keys(roundTrips).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  for (const model of Object.keys(roundTrips) as Prisma.ModelName[]) {
    it(`creates and reads ${model} through the generated client`, async () => {
      await roundTrips[model](prisma);
    });
  }

  it("records migrations in Prisma's _prisma_migrations format", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT id, checksum, migration_name, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name');
      const files = readMigrations();
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
      for (const [i, row] of rows.entries()) {
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.checksum).toBe(files[i]!.checksum);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.applied_steps_count).toBe(1);
        expect(row.rolled_back_at).toBeNull();
      }
    } finally {
      await client.end();
    }
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect(await migrate(database.url)).toEqual([]);
  });
});

describe('migration runner safety', () => {
  function migrationsDir(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mockroom-migrations-'));
    for (const [name, sql] of Object.entries(files)) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'migration.sql'), sql);
    }
    return dir;
  }

  it('refuses a migration edited after it was applied', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), { migrated: false });
    try {
      await migrate(db.url, migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);' }));
      await expect(migrate(db.url, migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id bigint);' }))).rejects.toThrow(
        /20260101000000_a was edited after it was applied/,
      );
    } finally {
      await db.drop();
    }
  });

  it('rolls back a failing migration completely and names it', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), { migrated: false });
    try {
      const dir = migrationsDir({
        '20260101000000_ok': 'CREATE TABLE ok (id int);',
        '20260102000000_broken': 'CREATE TABLE half (id int); SELECT * FROM missing_table;',
      });
      const failure = migrate(db.url, dir);
      await expect(failure).rejects.toBeInstanceOf(MigrationError);
      await expect(failure).rejects.toThrow(/20260102000000_broken failed: .*missing_table/);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      const recorded = await client.query('SELECT migration_name FROM "_prisma_migrations"');
      await client.end();
      expect(tables.rows.map((r) => r.tablename)).toEqual(['_prisma_migrations', 'ok']);
      expect(recorded.rows.map((r) => r.migration_name)).toEqual(['20260101000000_ok']);
    } finally {
      await db.drop();
    }
  });
});
