/** The full role × action × status table: adding an action without a decision here fails. */
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../server/http/errors';
import {
  assertCanWatchRecording,
  assertCanSwapRoles,
  canSwapRoles,
  canWatchRecording,
  ACTIONS, assertCan, assertCanActOnScenario, assertCanCreateInterviewOn, can, canActOnScenario, canCreateInterviewOn, canReadScenarioGuide, GUIDE_ACTIONS,
  heldBackGuides, ROLES, type Action, type InterviewStatus, type Role,
} from '../../server/interviews/policy';

type Row = Record<Role | 'outsider', boolean>;
const Y = true;
const N = false;
//                                   interviewer candidate observer outsider
const row = (i: boolean, c: boolean, o: boolean): Row => ({ interviewer: i, candidate: c, observer: o, outsider: false });

const LIVE: Record<Action, Row> = {
  'room.enter': row(Y, Y, Y),
  'board.read': row(Y, Y, Y),
  'board.write': row(Y, Y, N),
  'timer.read': row(Y, Y, Y),
  'timer.control': row(Y, N, N),
  'presence.read': row(Y, Y, Y),
  'media.join': row(Y, Y, Y),
  'media.publish': row(Y, Y, N),
  'guide.read': row(Y, N, N),
  'rubric.read': row(Y, N, N),
  'rubric.score': row(Y, N, N),
  'notes.read': row(Y, N, N),
  'notes.write': row(Y, N, N),
  // Without the note in hand: may this role delete notes at all (the route's gate).
  'notes.delete': row(Y, N, N),
  'cards.read': row(Y, Y, Y),
  'cards.reveal': row(Y, N, N),
  'invites.manage': row(Y, N, N),
  'interview.end': row(Y, N, N),
  // Without the interview's creator in hand: may this role delete at all (the route's gate). The handler
  // narrows it to the creator, and answers 409 (not 403) while the interview is live.
  'interview.delete': row(Y, N, N),
  'feedback.release': row(N, N, N),
  'feedback.read': row(Y, Y, N),
  'review.read': row(N, N, N),
  'billing.read': row(Y, N, N),
  'billing.manage': row(Y, N, N),
  'recording.status': row(Y, Y, Y),
  'recording.start': row(Y, N, N),
  'recording.consent': row(Y, Y, N),
  'recording.stopAll': row(Y, N, N),
  // Without the recording in hand: may this role upload at all (the route's gate).
  'recording.upload': row(Y, Y, N),
  // Without the recording in hand: the candidate is narrowed to their own in the handler.
  'recording.watch': row(Y, Y, N),
  // Without the interview's creator in hand; the handler narrows it to the creator. Others withdraw (recording.consent).
  'recording.delete': row(Y, N, N),
  'repractice.manage': row(N, N, N),
  // Only round 1's candidate swaps; before the end the handler answers 409, and only peer rounds swap (canSwapRoles).
  'round.swap': row(N, Y, N),
  // Rating the interviewer waits for the end.
  'rating.write': row(N, N, N),
  // Each reads their own side only (server/ratings narrows it).
  'rating.read': row(Y, Y, N),
  // Without the mode (or in a coached session): the interviewer's. A peer session's rows are below.
  'schedule.manage': row(Y, N, N),
  'calendar.read': row(Y, Y, Y),
  // Either person of a matched session; whether the report stands is the handler's (server/matching/reliability.ts).
  'attendance.report': row(Y, Y, N),
};

/** After the end, nothing changes the session any more; review reads still work. */
const ENDED: Record<Action, Row> = {
  ...LIVE,
  'board.write': row(N, N, N),
  'timer.control': row(N, N, N),
  'invites.manage': row(N, N, N),
  'interview.end': row(N, N, N),
  'cards.reveal': row(N, N, N),
  'feedback.release': row(Y, N, N),
  'review.read': row(Y, Y, N),
  'recording.start': row(N, N, N),
  'repractice.manage': row(N, Y, N),
  'rating.write': row(N, Y, N),
};

const TABLES: Record<InterviewStatus, Record<Action, Row>> = { scheduled: LIVE, live: LIVE, ended: ENDED };

describe('policy table', () => {
  it('decides every action', () => {
    expect(Object.keys(LIVE).sort()).toEqual([...ACTIONS].sort());
  });

  for (const status of ['scheduled', 'live', 'ended'] as const) {
    for (const action of ACTIONS) {
      for (const who of [...ROLES, 'outsider'] as const) {
        const expected = TABLES[status][action][who];
        it(`${status}: ${who} ${expected ? 'may' : 'may not'} ${action}`, () => {
          const actor = { userId: 'u1', role: who === 'outsider' ? null : who };
          expect(can(actor, action, { status })).toBe(expected);
          if (expected) expect(() => assertCan(actor, action, { status })).not.toThrow();
          else expect(() => assertCan(actor, action, { status })).toThrow(ForbiddenError);
        });
      }
    }
  }

  it('explains refusals in words a user understands', () => {
    expect(() => assertCan({ userId: 'u', role: null }, 'room.enter', { status: 'live' })).toThrow('You are not a participant in this interview.');
    expect(() => assertCan({ userId: 'u', role: 'observer' }, 'board.write', { status: 'live' })).toThrow(/Only the interviewer and the candidate can draw/);
    expect(() => assertCan({ userId: 'u', role: 'candidate' }, 'guide.read', { status: 'live' })).toThrow('Only interviewers can see the interview guide.');
    expect(() => assertCan({ userId: 'u', role: 'interviewer' }, 'feedback.release', { status: 'live' })).toThrow(/only after the interview has ended/);
    expect(() => assertCan({ userId: 'u', role: 'observer' }, 'timer.read', { status: 'live' })).not.toThrow();
  });
});

describe('swapping roles: peer sessions only', () => {
  for (const mode of ['peer', 'coach'] as const) {
    for (const who of [...ROLES, 'outsider'] as const) {
      const expected = mode === 'peer' && who === 'candidate';
      it(`${mode}: ${who} ${expected ? 'may' : 'may not'} swap roles`, () => {
        const actor = { userId: 'u1', role: who === 'outsider' ? null : who };
        expect(canSwapRoles(actor, { status: 'ended', mode })).toBe(expected);
        if (expected) expect(() => assertCanSwapRoles(actor, { status: 'ended', mode })).not.toThrow();
        else expect(() => assertCanSwapRoles(actor, { status: 'ended', mode })).toThrow(ForbiddenError);
      });
    }
  }
  it('says why a coached session does not swap', () => {
    expect(() => assertCanSwapRoles({ userId: 'u', role: 'candidate' }, { status: 'ended', mode: 'coach' })).toThrow('Only peer practice sessions have a second round with the roles swapped.');
  });
});

describe('peer sessions: either peer manages the schedule', () => {
  const PEER: Record<Role | 'outsider', boolean> = { interviewer: Y, candidate: Y, observer: N, outsider: N };
  for (const mode of ['peer', 'coach'] as const) {
    for (const status of ['scheduled', 'live', 'ended'] as const) {
      for (const who of [...ROLES, 'outsider'] as const) {
        const expected = mode === 'peer' ? PEER[who] : who === 'interviewer';
        it(`${mode}, ${status}: ${who} ${expected ? 'may' : 'may not'} schedule.manage`, () => {
          const actor = { userId: 'u1', role: who === 'outsider' ? null : who };
          expect(can(actor, 'schedule.manage', { status, mode })).toBe(expected);
          if (!expected) expect(() => assertCan(actor, 'schedule.manage', { status, mode })).toThrow(ForbiddenError);
        });
      }
    }
  }

  it('leaves every other action the same in both modes', () => {
    for (const action of ACTIONS.filter((a) => a !== 'schedule.manage')) {
      for (const status of ['scheduled', 'live', 'ended'] as const) {
        for (const role of ROLES) {
          const actor = { userId: 'u1', role };
          expect(can(actor, action, { status, mode: 'peer' }), `${action} ${status} ${role}`).toBe(can(actor, action, { status, mode: 'coach' }));
        }
      }
    }
  });
});

describe('resource rules: only the author deletes a note', () => {
  const author = { userId: 'author', role: 'interviewer' as const };
  const coInterviewer = { userId: 'co', role: 'interviewer' as const };
  const note = { authorId: 'author' };
  const rows: { who: string; actor: { userId: string; role: Role | null }; status: InterviewStatus; expected: boolean; refusal?: string }[] = [
    { who: 'the author', actor: author, status: 'live', expected: true },
    { who: 'the author, after the end', actor: author, status: 'ended', expected: true },
    { who: 'a co-interviewer', actor: coInterviewer, status: 'live', expected: false, refusal: 'You can only delete your own notes.' },
    { who: 'a co-interviewer, after the end', actor: coInterviewer, status: 'ended', expected: false, refusal: 'You can only delete your own notes.' },
    // A candidate who somehow wrote the note id is refused for the role first.
    { who: 'a candidate named as author', actor: { userId: 'author', role: 'candidate' }, status: 'live', expected: false, refusal: 'Only interviewers can delete interview notes.' },
    { who: 'an outsider named as author', actor: { userId: 'author', role: null }, status: 'live', expected: false, refusal: 'You are not a participant in this interview.' },
  ];
  for (const { who, actor, status, expected, refusal } of rows) {
    it(`${status}: ${who} ${expected ? 'may' : 'may not'} delete the note`, () => {
      expect(can(actor, 'notes.delete', { status }, note)).toBe(expected);
      if (expected) expect(() => assertCan(actor, 'notes.delete', { status }, note)).not.toThrow();
      else expect(() => assertCan(actor, 'notes.delete', { status }, note)).toThrow(refusal);
    });
  }

  it('ignores a resource for actions without an author rule', () => {
    expect(can(coInterviewer, 'notes.write', { status: 'live' }, note)).toBe(true);
  });
});

describe("resource rules: only the interview's creator deletes it or its recordings", () => {
  const interview = { authorId: 'creator' };
  const creator = { userId: 'creator', role: 'interviewer' as const };
  const coInterviewer = { userId: 'co', role: 'interviewer' as const };
  const rows: { action: Action; who: string; actor: { userId: string; role: Role | null }; status: InterviewStatus; expected: boolean; refusal?: string }[] = [];
  for (const action of ['interview.delete', 'recording.delete'] as const) {
    for (const status of ['scheduled', 'live', 'ended'] as const) {
      rows.push(
        { action, who: 'the creator', actor: creator, status, expected: true },
        { action, who: 'a co-interviewer', actor: coInterviewer, status, expected: false, refusal: 'Only the interviewer who created this interview can delete' },
        // A candidate is refused for the role first, whoever the creator is.
        { action, who: 'a candidate named as creator', actor: { userId: 'creator', role: 'candidate' }, status, expected: false, refusal: 'Only the interviewer who created this interview can delete' },
        { action, who: 'an outsider named as creator', actor: { userId: 'creator', role: null }, status, expected: false, refusal: 'You are not a participant in this interview.' },
      );
    }
  }
  for (const { action, who, actor, status, expected, refusal } of rows) {
    it(`${status}: ${who} ${expected ? 'may' : 'may not'} ${action}`, () => {
      expect(can(actor, action, { status }, interview)).toBe(expected);
      if (expected) expect(() => assertCan(actor, action, { status }, interview)).not.toThrow();
      else expect(() => assertCan(actor, action, { status }, interview)).toThrow(refusal);
    });
  }

  it('tells a candidate how to remove their own recording instead', () => {
    expect(() => assertCan({ userId: 'c', role: 'candidate' }, 'recording.delete', { status: 'ended' })).toThrow(/withdraw your consent/);
  });
});

describe('scenario library: the guide is held back from an open candidacy', () => {
  const rows: { case: string; slug: string; open: string[]; expected: boolean }[] = [
    { case: 'no interviews as candidate', slug: 'payment-fraud-detection', open: [], expected: true },
    { case: 'candidate on this scenario, interview not ended', slug: 'payment-fraud-detection', open: ['payment-fraud-detection'], expected: false },
    { case: 'candidate on another scenario', slug: 'ad-click-prediction', open: ['payment-fraud-detection'], expected: true },
    { case: 'candidate on several, this among them', slug: 'ad-click-prediction', open: ['payment-fraud-detection', 'ad-click-prediction'], expected: false },
  ];
  for (const row of rows) {
    it(`${row.case}: ${row.expected ? 'reads' : 'may not read'} the guide`, () => {
      expect(canReadScenarioGuide(row.slug, new Set(row.open))).toBe(row.expected);
    });
  }

  it('lists exactly the held-back slugs of a library', () => {
    expect(heldBackGuides(['a', 'b', 'c'], new Set(['b', 'z']))).toEqual(new Set(['b']));
  });
});

describe('interviews on a scenario held back from its open candidate', () => {
  const S = 'payment-fraud-detection';
  const rows: { case: string; action: Action; slug: string; open: string[]; expected: boolean }[] = [
    ...GUIDE_ACTIONS.map((action) => ({ case: `${action}, candidate on S, not ended`, action, slug: S, open: [S], expected: false })),
    ...GUIDE_ACTIONS.map((action) => ({ case: `${action}, no open candidacy`, action, slug: S, open: [], expected: true })),
    ...GUIDE_ACTIONS.map((action) => ({ case: `${action}, candidate on another scenario`, action, slug: S, open: ['ad-click-prediction'], expected: true })),
    // What the room shares with its candidate anyway stays open.
    ...(['room.enter', 'board.write', 'cards.read', 'notes.write', 'interview.end'] as const).map((action) => ({
      case: `${action}, candidate on S`, action, slug: S, open: [S], expected: true,
    })),
  ];
  for (const row of rows) {
    it(`${row.case}: ${row.expected ? 'allowed' : 'refused'}`, () => {
      expect(canActOnScenario(row.action, row.slug, new Set(row.open))).toBe(row.expected);
      if (row.expected) expect(() => assertCanActOnScenario(row.action, row.slug, new Set(row.open))).not.toThrow();
      else expect(() => assertCanActOnScenario(row.action, row.slug, new Set(row.open))).toThrow(/candidate in an interview on this scenario that has not ended/);
    });
  }

  it('the guide actions are exactly these four', () => {
    expect([...GUIDE_ACTIONS].sort()).toEqual(['cards.reveal', 'guide.read', 'rubric.read', 'rubric.score']);
  });

  it.each([
    { open: [S], expected: false },
    { open: ['ad-click-prediction'], expected: true },
    { open: [], expected: true },
  ])('creating an interview on S with open candidacies $open: $expected', ({ open, expected }) => {
    expect(canCreateInterviewOn(S, new Set(open))).toBe(expected);
    if (expected) expect(() => assertCanCreateInterviewOn(S, new Set(open))).not.toThrow();
    else expect(() => assertCanCreateInterviewOn(S, new Set(open))).toThrow(/cannot run an interview on it until that one ends/);
  });
});

describe('whose recording a member watches', () => {
  const me = 'user-me';
  const other = 'user-other';
  it.each([
    { role: 'interviewer', owner: other, released: false, expected: true },
    { role: 'candidate', owner: me, released: false, expected: true },
    { role: 'candidate', owner: other, released: false, expected: false },
    { role: 'candidate', owner: other, released: true, expected: true },
    { role: 'observer', owner: other, released: true, expected: false },
    { role: null, owner: other, released: true, expected: false },
  ] as const)('$role watching $owner with media released $released: $expected', ({ role, owner, released, expected }) => {
    expect(canWatchRecording({ userId: me, role }, owner, released)).toBe(expected);
    if (expected) expect(() => assertCanWatchRecording({ userId: me, role }, owner, released)).not.toThrow();
    else expect(() => assertCanWatchRecording({ userId: me, role }, owner, released)).toThrow(ForbiddenError);
  });
});
