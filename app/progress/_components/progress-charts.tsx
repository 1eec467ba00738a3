'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProgressSession } from '@/lib/api/progress';
import { LEVEL_ESTIMATE_LABELS, LEVEL_ESTIMATES, SCORES, type Score } from '@/lib/rubric/evaluation';
import { SCORE_SCALE } from '@/lib/rubric/score-scale';

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

function xAxis(points: SessionPoint[]) {
  const dateOf = new Map(points.map((p) => [p.key, p.date]));
  return (
    <XAxis
      dataKey="key"
      tickFormatter={(key: string) => dateOf.get(key) ?? ''}
      tick={{ fontSize: 12 }}
      label={{ value: 'Session date', position: 'insideBottom', offset: -4, fontSize: 12 }}
      height={44}
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
            width={150}
            tick={{ fontSize: 12 }}
            tickFormatter={(v: number) => `${v} · ${SCORE_SCALE[v as Score]?.label ?? ''}`}
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
              dot={{ r: 4, className: `progress-dot dot-${d.id}` }}
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
            width={150}
            tick={{ fontSize: 12 }}
            tickFormatter={(v: number) => LEVEL_ESTIMATE_LABELS[LEVEL_ESTIMATES[v]!] ?? ''}
          />
          <Tooltip labelFormatter={tooltipLabel(points)} formatter={(v) => (typeof v === 'number' && Number.isInteger(v) ? LEVEL_ESTIMATE_LABELS[LEVEL_ESTIMATES[v]!] : String(v))} />
          <Line type="stepAfter" dataKey="level" name="Level estimate" stroke="#3b5bdb" strokeWidth={2} dot={{ r: 4, className: 'progress-dot dot-level' }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
