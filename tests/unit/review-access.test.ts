/**
 * Who sees which part of a session's review (issue 14), straight from the
 * policy module: every role × status, and for the candidate every kind of
 * release.
 */
import { describe, expect, it } from 'vitest';
import { reviewAccess, type ReleasedParts } from '../../server/interviews/policy';

const actor = (role: 'interviewer' | 'candidate' | 'observer' | null) => ({ userId: 'u', role });
const scoresReleased: ReleasedParts = { dimensions: [{ score: 3 }, { score: null }] };
const summariesOnly: ReleasedParts = { dimensions: [{}, {}] };
const writtenOnly: ReleasedParts = {};
const withReplay: ReleasedParts = { recordingAndReplay: true };

describe('reviewAccess', () => {
  it('shows interviewers everything, from the end on', () => {
    expect(reviewAccess(actor('interviewer'), { status: 'ended' }, [])).toEqual({ ok: true, scope: { replay: true, phases: true, scores: true, interviewerOnly: true } });
    for (const status of ['scheduled', 'live'] as const) {
      expect(reviewAccess(actor('interviewer'), { status }, [scoresReleased])).toEqual({ ok: false, status: 409, reason: 'The review opens when the interview has ended.' });
    }
  });

  it('shows the candidate nothing before a release, then exactly the released parts', () => {
    expect(reviewAccess(actor('candidate'), { status: 'ended' }, [])).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/once your interviewer releases/) });
    expect(reviewAccess(actor('candidate'), { status: 'live' }, [withReplay])).toMatchObject({ ok: false, status: 409 });
    const scope = (releases: ReleasedParts[]) => {
      const access = reviewAccess(actor('candidate'), { status: 'ended' }, releases);
      if (!access.ok) throw new Error(access.reason);
      return access.scope;
    };
    expect(scope([writtenOnly])).toEqual({ replay: false, phases: true, scores: false, interviewerOnly: false });
    expect(scope([summariesOnly])).toEqual({ replay: false, phases: true, scores: false, interviewerOnly: false });
    expect(scope([scoresReleased])).toEqual({ replay: false, phases: true, scores: true, interviewerOnly: false });
    expect(scope([withReplay])).toEqual({ replay: true, phases: true, scores: false, interviewerOnly: false });
    // Two interviewers' releases: each part counts if any release has it.
    expect(scope([summariesOnly, { ...scoresReleased, recordingAndReplay: true }])).toEqual({ replay: true, phases: true, scores: true, interviewerOnly: false });
  });

  it('never shows observers or outsiders anything, whatever was released', () => {
    for (const status of ['scheduled', 'live', 'ended'] as const) {
      expect(reviewAccess(actor('observer'), { status }, [{ ...scoresReleased, recordingAndReplay: true }])).toMatchObject({ ok: false, status: 403 });
      expect(reviewAccess(actor(null), { status }, [withReplay])).toEqual({ ok: false, status: 403, reason: 'You are not a participant in this interview.' });
    }
  });
});
