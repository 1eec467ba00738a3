/**
 * Reliability: while Postgres is out of reach, a save is a 503 that says so
 * and says it will be retried (socket.io acks say `unavailable`), not a
 * generic 500; once the database is back, the same save goes through. The
 * server reaches a real Postgres through a TCP proxy this test cuts.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client';
import { createPrismaClient } from '../../server/db/client';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { interviewWithParties, type InterviewParties } from '../helpers/interview-fixture';
import { joinRoom, socketPool } from '../helpers/room-socket';
import { tcpProxy, type TcpProxy } from '../helpers/tcp-proxy';

const UNAVAILABLE = { error: { code: 'unavailable', message: 'The database is unreachable right now; the save will be retried.' } };

let database: TestDatabase;
let proxy: TcpProxy;
let server: AppServer;
let prisma: PrismaClient;
let parties: InterviewParties;
const sockets = socketPool(() => server.url);

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  const direct = new URL(database.url);
  proxy = await tcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaProxy = new URL(database.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  server = await startAppServer(testServerEnv(viaProxy.toString(), { SIGNIN_LIMIT_PER_IP: '1000' }));
  prisma = createPrismaClient(database.url);
  parties = await interviewWithParties(server.url);
});
afterAll(async () => {
  sockets.closeAll();
  await prisma?.$disconnect();
  await server?.stop();
  await proxy?.close();
  await database?.drop();
});

const feedbackOf = async () =>
  (await prisma.evaluation.findFirst({ where: { interviewId: parties.id } }))?.candidateFeedback;

describe('when the database is unreachable', () => {
  it('answers a save with 503 saying so, acks socket.io with unavailable, and takes the save once it is back', async () => {
    const evaluation = `/api/interviews/${parties.id}/evaluation`;
    expect((await parties.interviewer.api('PATCH', evaluation, { candidateFeedback: 'before the outage' })).status).toBe(200);
    const socket = await sockets.open(parties.interviewer);

    await proxy.cut();
    const during = await parties.interviewer.fetch(evaluation, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ candidateFeedback: 'written during the outage' }),
    });
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(await during.json()).toEqual(UNAVAILABLE);
    expect(await joinRoom(socket, parties.id)).toEqual(UNAVAILABLE);
    expect(server.process.exitCode).toBeNull();

    await proxy.restore();
    const after = await parties.interviewer.api('PATCH', evaluation, { candidateFeedback: 'written during the outage' });
    expect(after.status).toBe(200);
    expect(await feedbackOf()).toBe('written during the outage');
  });
});
