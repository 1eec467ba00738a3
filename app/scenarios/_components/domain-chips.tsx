import { label } from '@/lib/scenarios/labels';

export function DomainChips({ domains, levels = [] }: { domains: string[]; levels?: string[] }) {
  return (
    <div className="chips">
      {domains.map((d) => (
        <span key={d} className="chip">
          {label(d)}
        </span>
      ))}
      {levels.map((l) => (
        <span key={l} className="chip chip-level">
          {label(l)}
        </span>
      ))}
    </div>
  );
}
