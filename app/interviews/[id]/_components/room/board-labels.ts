'use client';

import { useEffect, type RefObject } from 'react';

/**
 * Excalidraw 0.18 draws its main-menu button as a bare icon, with no text,
 * label or title, so screen readers announce an unnamed button (axe's
 * critical "button-name"). It offers no prop for that name, so the room
 * names it once it appears, and again if Excalidraw re-creates it (the
 * switch to view mode at the end does, and there the button is a
 * `dropdown-menu-button`).
 *
 * The zoom reset shows "100%" but is labelled "Reset zoom", which speech
 * users cannot say to click it (axe's "label-content-name-mismatch"): its
 * name becomes the shown percentage, and "Reset zoom" moves to the title.
 */
export function useNamedBoardMenu(board: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = board.current;
    if (!root) return;
    const name = () => {
      root.querySelectorAll('button.main-menu-trigger:not([aria-label]), button.dropdown-menu-button:not([aria-label]):not([title])').forEach((button) => {
        if (button.textContent?.trim()) return;
        button.setAttribute('aria-label', 'Board menu');
        button.setAttribute('title', 'Board menu');
      });
      root.querySelectorAll('button.reset-zoom-button[aria-label]').forEach((button) => {
        button.removeAttribute('aria-label');
        button.setAttribute('title', 'Reset zoom');
      });
    };
    name();
    const observer = new MutationObserver(name);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [board]);
}
