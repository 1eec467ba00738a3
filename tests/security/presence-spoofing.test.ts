/**
 * Finding 9 (presence spoofing): the awareness guard checked only the user id
 * and role. A candidate published the name "Alice Interviewer" and the
 * interviewer's board showed it; and a candidate announced the interviewer's
 * Yjs client id with a high clock and an empty state, which hid the
 * interviewer's presence (the id was free while the interviewer's socket
 * reconnected). Now the server sets name and colour from the session, and a
 * client id belongs to the user who first claimed it in the room: anyone
 * else's entries for it are dropped (silently, since honest clients echo
 * their peers' states).
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colorForUser } from '../../lib/whiteboard/awareness';
import type { HttpSession } from '../helpers/http-session';
import { interviewWithParties, type InterviewParties } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { boardClient, eventually, type BoardClient } from '../helpers/yjs-client';

let fixture: ServerFixture;
let parties: InterviewParties;
const clients: BoardClient[] = [];
const ids = {} as Record<'interviewer' | 'candidate' | 'observer', string>;

beforeAll(async () => {
  fixture = await serverFixture();
  parties = await interviewWithParties(fixture.server.url);
  for (const role of ['interviewer', 'candidate', 'observer'] as const) {
    ids[role] = (await parties[role].json<{ user: { id: string } }>('/api/auth/session')).body.user.id;
  }
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fixture?.close();
});

async function connect(who: HttpSession): Promise<BoardClient> {
  const client = boardClient(fixture.server.url, parties.id, who.cookieHeader());
  clients.push(client);
  await client.synced();
  return client;
}

type Presence = { user?: { id: string; name: string; color: string; role: string } } | undefined;
const stateOf = (viewer: BoardClient, of: BoardClient) => viewer.provider.awareness.getStates().get(of.doc.clientID) as Presence;

/** A raw awareness message for one client id, as a hostile client would hand-craft it. */
function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1); // messageAwareness
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

describe('the server decides the name and colour on the board', () => {
  it('a candidate publishing the name "Alice Interviewer" appears to the interviewer under their real name and colour', async () => {
    const interviewer = await connect(parties.interviewer);
    const candidate = await connect(parties.candidate);
    candidate.provider.awareness.setLocalState({ user: { id: ids.candidate, name: 'Alice Interviewer', color: '#123456', role: 'candidate' }, pointer: null });
    await eventually(() => stateOf(interviewer, candidate)?.user !== undefined, "the candidate's presence reaching the interviewer");
    expect(stateOf(interviewer, candidate)!.user).toEqual({ id: ids.candidate, name: 'Cal Candidate', color: colorForUser(ids.candidate), role: 'candidate' });
    // Still connected: a rewritten name is not a spoof of identity.
    expect(candidate.provider.wsconnected).toBe(true);
  });
});

describe("a client id belongs to the user who first claimed it", () => {
  it("a candidate announcing the interviewer's client id cannot hide the interviewer, not even while the interviewer reconnects", async () => {
    const interviewer = await connect(parties.interviewer);
    const candidate = await connect(parties.candidate);
    const observer = await connect(parties.observer);
    interviewer.provider.awareness.setLocalState({ user: { id: ids.interviewer, name: 'Ines', color: '#1d4ed8', role: 'interviewer' }, pointer: null });
    await eventually(() => stateOf(observer, interviewer)?.user?.id === ids.interviewer, "the interviewer's presence reaching the observer");
    const hide = () => candidate.provider.ws!.send(awarenessMessage(interviewer.doc.clientID, 1_000_000, {}));

    // While the interviewer is connected.
    hide();
    await new Promise((r) => setTimeout(r, 300));
    expect(stateOf(observer, interviewer)?.user?.id).toBe(ids.interviewer);

    // In the gap of a reconnect: the server has removed the interviewer's state, and the id waits for its owner.
    interviewer.provider.disconnect();
    await eventually(() => stateOf(observer, interviewer) === undefined, "the interviewer's presence leaving with the socket");
    hide();
    await new Promise((r) => setTimeout(r, 300));
    expect(stateOf(observer, interviewer), 'the spoofed empty state was relayed').toBeUndefined();
    interviewer.provider.connect();
    await interviewer.synced();
    // The pointer moves, as it does when someone comes back to the board.
    interviewer.provider.awareness.setLocalStateField('pointer', { x: 10, y: 20, tool: 'pointer' });
    await eventually(() => stateOf(observer, interviewer)?.user?.id === ids.interviewer, "the interviewer's presence coming back for the observer", 5000);
    expect(stateOf(candidate, interviewer)?.user?.id).toBe(ids.interviewer);
    // The hostile entries were dropped, not answered with a close: honest clients send such echoes too.
    expect(candidate.provider.wsconnected).toBe(true);
  });
});
