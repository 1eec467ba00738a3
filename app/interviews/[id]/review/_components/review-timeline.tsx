'use client';

/**
 * The one time axis: phase bands (planned against actual), who drew when,
 * and the markers, with the playhead over all of them. The scrubber is a
 * native range input, so it is keyboard- and screen-reader-usable as is;
 * clicking anywhere on a track seeks there too.
 */
import type { BoardTrack, Marker, MarkerKind, PhaseBandView } from '@/lib/api/review';
import { formatAxis, minutes } from './use-playback';

interface Props {
  durationMs: number;
  at: number;
  phases: PhaseBandView[];
  markers: Marker[];
  activity: BoardTrack['activity'] | null;
  onSeek: (ms: number) => void;
}

const ROWS: { label: string; kinds: MarkerKind[] }[] = [
  { label: 'Cards', kinds: ['card'] },
  { label: 'Notes', kinds: ['note'] },
  { label: 'Ticks', kinds: ['signal', 'red_flag'] },
  { label: 'Scores', kinds: ['score'] },
];

export function ReviewTimeline({ durationMs, at, phases, markers, activity, onSeek }: Props) {
  const pct = (ms: number) => `${durationMs > 0 ? (Math.min(durationMs, Math.max(0, ms)) / durationMs) * 100 : 0}%`;
  const seekFromClick = (event: React.MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    onSeek(((event.clientX - box.left) / box.width) * durationMs);
  };
  const rows = ROWS.map((row) => ({ ...row, markers: markers.filter((m) => row.kinds.includes(m.kind)) })).filter((row) => row.markers.length > 0);
  const busiest = Math.max(1, ...(activity?.people.flatMap((p) => p.buckets) ?? [1]));

  return (
    <section className="review-timeline" aria-label="Timeline" data-testid="review-timeline">
      {phases.length > 0 && (
        <div className="review-row">
          <span className="review-row-label">Phases</span>
          <div className="review-track" onClick={seekFromClick}>
            {phases.flatMap((phase) =>
              phase.spans.map((span, i) => (
                <span
                  key={`${phase.id}-${i}`}
                  className={`review-phase${span.paused ? ' review-phase-paused' : ''}${phase.actualMs > phase.plannedMs ? ' review-phase-over' : ''}`}
                  style={{ left: pct(span.fromMs), width: `calc(${pct(span.toMs)} - ${pct(span.fromMs)})` }}
                  title={`${phase.title}${span.paused ? ' (paused)' : ''}: planned ${minutes(phase.plannedMs)}, took ${minutes(phase.actualMs)}`}
                  data-testid="review-phase"
                >
                  {i === 0 && <span className="review-phase-title">{phase.title}</span>}
                </span>
              )),
            )}
          </div>
        </div>
      )}
      {activity?.people.map((person) => (
        <div className="review-row" key={person.userId}>
          <span className="review-row-label" title={`${person.name} drew`}>
            {person.name}
          </span>
          <div className="review-track review-activity" onClick={seekFromClick} data-testid="review-activity" aria-label={`When ${person.name} drew`}>
            {person.buckets.map((count, i) =>
              count === 0 ? null : (
                <span
                  key={i}
                  className="review-activity-bar"
                  style={{ left: pct(i * activity.bucketMs), width: pct(activity.bucketMs), opacity: 0.25 + (0.75 * count) / busiest }}
                />
              ),
            )}
          </div>
        </div>
      ))}
      {rows.map((row) => (
        <div className="review-row" key={row.label}>
          <span className="review-row-label">{row.label}</span>
          <div className="review-track review-markers" onClick={seekFromClick}>
            {row.markers.map((marker) => (
              <button
                key={marker.id}
                type="button"
                className={`review-marker review-marker-${marker.kind}`}
                style={{ left: pct(marker.atMs) }}
                data-testid="review-marker"
                data-kind={marker.kind}
                data-at-ms={Math.round(marker.atMs)}
                aria-label={`${marker.title} at ${formatAxis(marker.atMs)}: ${marker.text}`}
                onClick={(event) => {
                  event.stopPropagation();
                  onSeek(marker.atMs);
                }}
              >
                <span className="review-tip" role="tooltip">
                  <strong>
                    {marker.title} · {formatAxis(marker.atMs)}
                    {marker.phaseTitle ? ` · ${marker.phaseTitle}` : ''}
                  </strong>
                  <span>{marker.text}</span>
                  {marker.by && <em>{marker.by}</em>}
                </span>
              </button>
            ))}
          </div>
        </div>
      ))}
      <div className="review-row review-scrub-row">
        <span className="review-row-label" aria-hidden>
          {formatAxis(at)}
        </span>
        <div className="review-track review-scrub">
          <input
            type="range"
            min={0}
            max={Math.max(1, Math.round(durationMs))}
            step={1}
            value={Math.round(at)}
            aria-label="Position in the session"
            aria-valuetext={`${formatAxis(at)} of ${formatAxis(durationMs)}`}
            data-testid="review-scrubber"
            onChange={(event) => onSeek(Number(event.currentTarget.value))}
            // Arrow keys seek 5 s like the rest of the page, not one 100 ms step.
            onKeyDown={(event) => {
              if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') event.preventDefault();
            }}
          />
        </div>
      </div>
      <div className="review-playhead-layer" aria-hidden>
        <span className="review-playhead" style={{ left: pct(at) }} />
      </div>
    </section>
  );
}
