'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';

/** How long typing may pause before the search applies: one request per pause, not per key. */
const TYPING_PAUSE_MS = 300;

function urlFor(q: string, domain: string): string {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim());
  if (domain) params.set('domain', domain);
  const query = params.toString();
  return query ? `/scenarios?${query}` : '/scenarios';
}

/**
 * Search and domain filter. Changes apply as they happen and the URL follows,
 * so every state can be shared. It is still a plain GET form: without
 * JavaScript, Enter (or the Apply button inside <noscript>) submits it.
 */
export function ScenarioFilters({ domains, initial }: { domains: { id: string; label: string }[]; initial: { q: string; domain: string } }) {
  const router = useRouter();
  const [q, setQ] = useState(initial.q);
  const [domain, setDomain] = useState(initial.domain);
  const typing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const filtered = Boolean(q.trim() || domain);

  useEffect(() => () => clearTimeout(typing.current), []);

  function apply(nextQ: string, nextDomain: string) {
    clearTimeout(typing.current);
    router.replace(urlFor(nextQ, nextDomain), { scroll: false });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(q, domain);
  }

  return (
    <form className="card filters" role="search" aria-label="Filter scenarios" action="/scenarios" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="q">Search</label>
        <input
          id="q"
          name="q"
          type="search"
          value={q}
          placeholder="e.g. fraud, ranking, cold start"
          onChange={(event) => {
            const next = event.target.value;
            setQ(next);
            clearTimeout(typing.current);
            typing.current = setTimeout(() => apply(next, domain), TYPING_PAUSE_MS);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="domain">Domain</label>
        <select
          id="domain"
          name="domain"
          value={domain}
          onChange={(event) => {
            setDomain(event.target.value);
            apply(q, event.target.value);
          }}
        >
          <option value="">All domains</option>
          {domains.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <div className="filters-actions">
        <noscript>
          <button type="submit" className="btn btn-primary">
            Apply
          </button>
        </noscript>
        {filtered && (
          <Link
            href="/scenarios"
            className="btn btn-ghost"
            onClick={() => {
              clearTimeout(typing.current);
              setQ('');
              setDomain('');
            }}
          >
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
