/** Progress arithmetic: per-session means, the weakest dimensions, repeated red flags, scenario ranking, and the reminder email. */
import { describe, expect, it } from 'vitest';
import type { ReleasedFeedback } from '../../lib/rubric/evaluation';
import { repeatedRedFlags, scoredDimensions, summarizeSession, weakestDimensions, type ReleasedSession } from '../../server/progress/aggregate';
import { composeRepracticeEmail } from '../../server/progress/repractice';
import { rankScenarios, type ScenarioCoverage } from '../../server/progress/suggest';

const DIMS = [
  { id: 'framing', title: 'Framing' },
  { id: 'data', title: 'Data' },
  { id: 'modeling', title: 'Modeling' },
];

function release(scores: Record<string, number | null | undefined>, extra: Partial<ReleasedFeedback> = {}): ReleasedFeedback {
  return {
    evaluatorName: 'Ines',
    releasedAt: '2026-12-01T10:00:00.000Z',
    feedback: 'ok',
    dimensions: DIMS.map((d) => ({ ...d, ...(scores[d.id] !== undefined && { score: scores[d.id] as 1 | 2 | 3 | 4 | null }) })),
    ...extra,
  };
}

let day = 0;
function session(releases: ReleasedFeedback[]): ReleasedSession {
  day += 1;
  return { interviewId: `i${day}`, title: `Session ${day}`, scenarioSlug: 'x', heldAt: new Date(Date.UTC(2026, 11, day)), releases };
}

describe('summarizeSession', () => {
  it('averages co-interviewers per dimension, skips unscored and unreleased scores, and dedupes red flags', () => {
    const s = summarizeSession(
      session([
        release({ framing: 2, data: 3, modeling: null }, { levelEstimate: 'senior', redFlags: ['A', 'B'] }),
        release({ framing: 3, data: undefined, modeling: undefined }, { levelEstimate: 'staff', redFlags: ['A'] }),
      ]),
    );
    expect(s.scores).toEqual({ framing: 2.5, data: 3 });
    expect(s.levelEstimates).toEqual(['senior', 'staff']);
    expect(s.redFlags).toEqual(['A', 'B']);
    expect(s.redFlagsReleased).toBe(true);
    expect(summarizeSession(session([release({ framing: 1 })])).redFlagsReleased).toBe(false);
  });

  it('lists only dimensions that have a released score, in rubric order', () => {
    expect(scoredDimensions([session([release({ data: 2, modeling: 1 })])])).toEqual([DIMS[1], DIMS[2]]);
    expect(scoredDimensions([session([{ ...release({}), dimensions: undefined }])])).toEqual([]);
  });
});

describe('weakestDimensions', () => {
  it('takes the lowest averages over the last N sessions with scores, ties to more evidence then rubric order', () => {
    const sessions = [
      session([release({ framing: 1, data: 1, modeling: 1 })]), // outside a window of 3
      session([release({ framing: 2, data: 3, modeling: 4 })]),
      session([release({ framing: 4, data: 3, modeling: undefined })]),
      session([{ ...release({}), dimensions: undefined }]), // no scores: not part of the window
      session([release({ framing: 3, data: 3, modeling: 2 })]),
    ].map(summarizeSession);
    expect(weakestDimensions(sessions, DIMS, 3)).toEqual([
      { id: 'framing', title: 'Framing', average: 3, sessions: 3 },
      { id: 'data', title: 'Data', average: 3, sessions: 3 },
      { id: 'modeling', title: 'Modeling', average: 3, sessions: 2 },
    ]);
    expect(weakestDimensions(sessions, DIMS, 5, 1)).toEqual([{ id: 'modeling', title: 'Modeling', average: 7 / 3, sessions: 3 }]);
    expect(weakestDimensions([], DIMS, 5)).toEqual([]);
  });
});

describe('repeatedRedFlags', () => {
  it('keeps flags seen in two or more sessions, counting a session once, most sessions first', () => {
    const sessions = [
      session([release({}, { redFlags: ['Leaks labels', 'No baseline'] }), release({}, { redFlags: ['Leaks labels'] })]),
      session([release({}, { redFlags: ['Leaks labels', 'Ignores latency'] })]),
      session([release({}, { redFlags: ['No baseline', 'Leaks labels'] })]),
      session([release({}, { redFlags: ['Ignores latency'] })]),
      session([release({}, { redFlags: ['Once only'] })]),
    ].map(summarizeSession);
    const found = repeatedRedFlags(sessions);
    expect(found.map((f) => [f.title, f.sessions])).toEqual([
      ['Leaks labels', 3],
      ['Ignores latency', 2],
      ['No baseline', 2],
    ]);
    expect(found[1]!.lastSeen).toEqual(sessions[3]!.heldAt);
  });
});

describe('rankScenarios', () => {
  const scenario = (slug: string, signals: Record<string, number>, title = slug): ScenarioCoverage => ({ slug, title, summary: '', domains: [], signals });
  const weak = [
    { id: 'data', title: 'Data', average: 1, sessions: 2 }, // weight 4
    { id: 'modeling', title: 'Modeling', average: 3, sessions: 2 }, // weight 2
  ];

  it('ranks by signals on the weak dimensions, weighted by how weak, and names what each exercises', () => {
    const ranked = rankScenarios(
      weak,
      [
        scenario('a', { data: 2, modeling: 2, framing: 9 }), // 8 + 4 = 12
        scenario('b', { data: 3, modeling: 1 }), // 12 + 2 = 14
        scenario('c', { modeling: 5 }), // 10
        scenario('d', { framing: 3 }), // 0: exercises nothing weak
      ],
      new Set(),
    );
    expect(ranked.map((s) => [s.slug, s.fit])).toEqual([
      ['b', 14],
      ['a', 12],
      ['c', 10],
    ]);
    expect(ranked[0]!.exercises.map((e) => e.id)).toEqual(['data', 'modeling']);
    expect(ranked[2]!.exercises.map((e) => e.id)).toEqual(['modeling']);
  });

  it('leaves out excluded scenarios, breaks ties by coverage then title, and suggests nothing without weak dimensions', () => {
    const list = [scenario('z', { data: 3 }, 'Zed'), scenario('y', { data: 2, modeling: 2 }, 'Why'), scenario('x', { data: 3 }, 'Ex'), scenario('w', { data: 5 }, 'Wu')];
    // y: 8 + 4 = 12 on two dimensions; z and x: 12 on one (title order); w excluded.
    expect(rankScenarios(weak, list, new Set(['w'])).map((s) => s.slug)).toEqual(['y', 'x', 'z']);
    expect(rankScenarios(weak, list, new Set(), 1).map((s) => s.slug)).toEqual(['w']);
    expect(rankScenarios([], list, new Set())).toEqual([]);
  });
});

describe('composeRepracticeEmail', () => {
  it('names the session and its day, the weakest dimensions and a scenario link, and escapes HTML', () => {
    const email = composeRepracticeEmail({
      name: 'Cal <Candidate>',
      sessionTitle: 'Fraud & risk',
      heldAt: new Date('2026-12-01T23:30:00Z'),
      dayOffset: 7,
      timeZone: 'Asia/Tokyo',
      weakest: [{ title: 'Data, labels and features', average: 4 / 3 }],
      suggestion: { title: 'Ad click prediction', url: 'https://mock.example/scenarios/ad-click-prediction/practice' },
      progressUrl: 'https://mock.example/progress',
    });
    expect(email.subject).toBe('Day 7: time to re-practise “Fraud & risk”');
    // The date is the viewer's: already 2 December in Tokyo.
    expect(email.text).toContain('on 2 Dec 2026');
    expect(email.text).toContain('Data, labels and features (1.3 of 4)');
    expect(email.text).toContain('https://mock.example/scenarios/ad-click-prediction/practice');
    expect(email.html).toContain('Cal &lt;Candidate&gt;');
    expect(email.html).toContain('Fraud &amp; risk');
    expect(email.html).toContain('<a href="https://mock.example/scenarios/ad-click-prediction/practice">Ad click prediction</a>');
    const bare = composeRepracticeEmail({ name: null, sessionTitle: 'S', heldAt: new Date(), dayOffset: 4, timeZone: 'UTC', weakest: [], suggestion: null, progressUrl: 'u' });
    expect(bare.text).not.toContain('weakest');
    expect(bare.text.startsWith('Hi,')).toBe(true);
  });
});
