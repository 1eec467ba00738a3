'use client';

import { useCallback, useEffect, useState, type ReactNode } from 'react';

export interface SideTab<T extends string> {
  id: T;
  label: string;
  /** A count shown beside the label (e.g. cards played), part of the tab's name. */
  badge?: number;
  content: ReactNode;
}

const storageKey = (interviewId: string) => `mockroom:room-tab:${interviewId}`;

/**
 * The side column's selected tab, per interview, kept in localStorage so a
 * reload (or a crash) reopens the tab the person was using. The stored value
 * is read after mount, not during render: the server cannot know it, and
 * reading it in render would make the first client render disagree with the
 * server's HTML.
 */
export function useStoredTab<T extends string>(interviewId: string, allowed: readonly T[], fallback: T): [T, (tab: T) => void] {
  const [tab, setTab] = useState<T>(fallback);
  const key = storageKey(interviewId);
  const allowedKey = allowed.join(',');
  useEffect(() => {
    let stored: string | null = null;
    try {
      stored = window.localStorage.getItem(key);
    } catch {
      // Storage can be blocked (private modes, policies); the fallback tab is fine then.
    }
    if (stored && allowedKey.split(',').includes(stored)) setTab(stored as T);
  }, [key, allowedKey]);
  const choose = useCallback(
    (next: T) => {
      setTab(next);
      try {
        window.localStorage.setItem(key, next);
      } catch {
        // Not remembered across reloads, but the choice still applies now.
      }
    },
    [key],
  );
  return [tab, choose];
}

interface Props<T extends string> {
  label: string;
  tabs: SideTab<T>[];
  selected: T;
  onSelect: (tab: T) => void;
  /** Shown above the tab bar, inside the part that stays in view (e.g. the autosave state). */
  head?: ReactNode;
}

/**
 * Tabs whose bar stays in view while the selected panel scrolls beneath it.
 * Every panel stays mounted (only hidden), so a half-typed note survives a
 * look at the rubric. Arrow keys, Home and End move between tabs.
 */
export function SideTabs<T extends string>({ label, tabs, selected, onSelect, head }: Props<T>) {
  const ids = tabs.map((t) => t.id);
  function onKey(event: React.KeyboardEvent) {
    const at = ids.indexOf(selected);
    const next =
      event.key === 'ArrowRight' ? ids[(at + 1) % ids.length] : event.key === 'ArrowLeft' ? ids[(at - 1 + ids.length) % ids.length] : event.key === 'Home' ? ids[0] : event.key === 'End' ? ids.at(-1) : undefined;
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    document.getElementById(`tab-${next}`)?.focus();
  }
  return (
    <div className="side-tabs" data-selected={selected}>
      <div className="side-tabs-bar">
        {head}
        <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKey}>
          {tabs.map((t) => (
            <button
              key={t.id}
              id={`tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={selected === t.id}
              aria-controls={`tabpanel-${t.id}`}
              tabIndex={selected === t.id ? 0 : -1}
              className="tab"
              onClick={() => onSelect(t.id)}
            >
              {t.label}
              {t.badge ? (
                <span className="tab-badge">
                  <span className="sr-only"> (</span>
                  {t.badge}
                  <span className="sr-only">)</span>
                </span>
              ) : null}
            </button>
          ))}
        </div>
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`tabpanel-${t.id}`} aria-labelledby={`tab-${t.id}`} className="tabpanel" hidden={selected !== t.id} tabIndex={0}>
          {t.content}
        </div>
      ))}
    </div>
  );
}
