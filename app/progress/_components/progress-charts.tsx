'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { InterviewingSession, ProgressSession } from '@/lib/api/progress';
import { LEVEL_ESTIMATE_LABELS, LEVEL_ESTIMATES, SCORES, type Score } from '@/lib/rubric/evaluation';

/** Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito, darkened for contrast); dashes tell lines apart without colour. */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56b4e9', '#3b4051', '#b8002e'];
const DASHES = [undefined, '6 3', '2 3', '10 4 2 4'];

export interface SessionPoint {
  key: string;
  /** The session's date in the viewer's zone (server-formatted, so it matches the page's text). */
  date: string;
  title: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A y-axis label on one line: recharts' own tick wraps at the axis width and splits "Meets the bar". */
function yTick(label: (value: number) => string) {
  function YTick(props: { x?: number | string; y?: number | string; payload?: { value: number }; className?: string }) {
    return (
      <text x={props.x} y={props.y} dy={4} textAnchor="end" fontSize={12} fill="#5c6275" className={props.className}>
        {label(props.payload?.value ?? 0)}
      </text>
    );
  }
  return YTick;
}

/** Short enough for a phone's axis; the page states the full scale above the chart. */
const SCORE_TICKS: Record<Score, string> = { 1: '1 · Below', 2: '2 · Approaching', 3: '3 · Meets the bar', 4: '4 · Exceeds' };

function xAxis(points: SessionPoint[]) {
  const dateOf = new Map(points.map((p) => [p.key, p.date]));
  return (
    <XAxis
      dataKey="key"
      tickFormatter={(key: string) => dateOf.get(key) ?? ''}
      tick={{ fontSize: 12 }}
      label={{ value: 'Session date', position: 'insideBottom', offset: -4, fontSize: 12 }}
      height={44}
      padding={{ left: 24, right: 24 }}
    />
  );
}

function tooltipLabel(points: SessionPoint[]) {
  const byKey = new Map(points.map((p) => [p.key, p]));
  return (key: unknown) => {
    const p = byKey.get(String(key));
    return p ? `${p.date} · ${p.title}` : '';
  };
}

/** Scores 1–4 per dimension over the released sessions: one line each, the scale's meaning on the axis. */
export function ScoreChart({ sessions, points, dimensions }: { sessions: ProgressSession[]; points: SessionPoint[]; dimensions: { id: string; title: string }[] }) {
  const order = new Map(dimensions.map((d, i) => [d.id, i]));
  const data = sessions.map((s, i) => ({ key: points[i]!.key, ...Object.fromEntries(Object.entries(s.scores).map(([id, v]) => [id, round(v)])) }));
  return (
    <figure className="progress-chart" data-testid="score-chart">
      <figcaption className="sr-only">Line chart of released scores per dimension by session; the table below has the same numbers.</figcaption>
      <ResponsiveContainer width="100%" height={340} initialDimension={{ width: 800, height: 340 }}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#e3e5ec" vertical={false} />
          {xAxis(points)}
          <YAxis
            domain={[1, 4]}
            ticks={[...SCORES]}
            interval={0}
            width={118}
            tick={yTick((v) => SCORE_TICKS[v as Score] ?? '')}
          />
          <Tooltip labelFormatter={tooltipLabel(points)} formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v))} />
          {/* Rubric order, not alphabetical: the same order as the table and the feedback page. */}
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 13, paddingBottom: 8 }} itemSorter={(item) => order.get(String(item.dataKey)) ?? 0} />
          {dimensions.map((d, i) => (
            <Line
              key={d.id}
              type="monotone"
              dataKey={d.id}
              name={d.title}
              stroke={PALETTE[i % PALETTE.length]}
              strokeDasharray={DASHES[Math.floor(i / 2) % DASHES.length]}
              strokeWidth={2}
              dot={{ r: 4, fill: PALETTE[i % PALETTE.length], className: `progress-dot dot-${d.id}` }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Released level estimates per session (the mean when several interviewers gave one). */
export function LevelChart({ sessions, points }: { sessions: ProgressSession[]; points: SessionPoint[] }) {
  const data = sessions.map((s, i) => ({
    key: points[i]!.key,
    level: s.levelEstimates.length ? round(s.levelEstimates.reduce((sum, l) => sum + LEVEL_ESTIMATES.indexOf(l), 0) / s.levelEstimates.length) : null,
  }));
  return (
    <figure className="progress-chart" data-testid="level-chart">
      <figcaption className="sr-only">Line chart of released level estimates by session; the table below has the same values.</figcaption>
      <ResponsiveContainer width="100%" height={240} initialDimension={{ width: 800, height: 240 }}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#e3e5ec" vertical={false} />
          {xAxis(points)}
          <YAxis
            domain={[0, LEVEL_ESTIMATES.length - 1]}
            ticks={LEVEL_ESTIMATES.map((_, i) => i)}
            interval={0}
            width={118}
            tick={yTick((v) => LEVEL_ESTIMATE_LABELS[LEVEL_ESTIMATES[v]!] ?? '')}
          />
          <Tooltip labelFormatter={tooltipLabel(points)} formatter={(v) => (typeof v === 'number' && Number.isInteger(v) ? LEVEL_ESTIMATE_LABELS[LEVEL_ESTIMATES[v]!] : String(v))} />
          <Line type="stepAfter" dataKey="level" name="Level estimate" stroke="#3b5bdb" strokeWidth={2} dot={{ r: 4, fill: '#3b5bdb', className: 'progress-dot dot-level' }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

const ASPECTS = [
  { key: 'clarity', name: 'Clarity of the prompt' },
  { key: 'hints', name: 'Hints and follow-ups' },
  { key: 'feedback', name: 'Usefulness of the feedback' },
] as const;

/** How candidates rated the user's interviewing (1–5), one line per aspect, per session interviewed. */
export function InterviewingChart({ sessions, points }: { sessions: InterviewingSession[]; points: SessionPoint[] }) {
  const data = sessions.map((s, i) => ({ key: points[i]!.key, clarity: s.clarity, hints: s.hints, feedback: s.feedback }));
  return (
    <figure className="progress-chart" data-testid="interviewing-chart">
      <figcaption className="sr-only">Line chart of how candidates rated your interviewing, by session; the table below has the same numbers.</figcaption>
      <ResponsiveContainer width="100%" height={260} initialDimension={{ width: 800, height: 260 }}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#e3e5ec" vertical={false} />
          {xAxis(points)}
          <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} interval={0} width={40} tick={{ fontSize: 12 }} />
          <Tooltip labelFormatter={tooltipLabel(points)} formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v))} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 13, paddingBottom: 8 }} />
          {ASPECTS.map((a, i) => (
            <Line
              key={a.key}
              type="monotone"
              dataKey={a.key}
              name={a.name}
              stroke={PALETTE[i]}
              strokeDasharray={DASHES[i % DASHES.length]}
              strokeWidth={2}
              dot={{ r: 4, fill: PALETTE[i], className: `progress-dot dot-${a.key}` }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
