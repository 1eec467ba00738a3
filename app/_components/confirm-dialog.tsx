'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  title: string;
  /** Plain-language consequences of going ahead. */
  children: ReactNode;
  /** Names what the button does ("End interview"), never "OK". */
  action: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** The dismiss button's words, when "Cancel" would read as the action (e.g. cancelling a session). */
  dismiss?: string;
  /** Disables the action while its request runs. */
  busy?: boolean;
}

/**
 * A modal confirmation on the native <dialog>: the browser makes the rest of
 * the page inert and handles Escape. The action button takes focus so Enter
 * confirms; on close, focus goes back to whatever opened it.
 */
export function ConfirmDialog({ open, title, children, action, onConfirm, onCancel, dismiss = 'Cancel', busy = false }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const actionRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  // The close event fires for Escape and for our own close(); only the first is a cancel.
  const wanted = useRef(open);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    wanted.current = open;
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      actionRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  function onClose() {
    opener.current?.focus();
    opener.current = null;
    if (wanted.current) {
      wanted.current = false;
      onCancel();
    }
  }

  return (
    <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby={titleId} aria-describedby={bodyId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId} className="confirm-dialog-body">
        {children}
      </div>
      <div className="confirm-dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {dismiss}
        </button>
        <button ref={actionRef} type="button" className="btn btn-primary" onClick={onConfirm} disabled={busy}>
          {action}
        </button>
      </div>
    </dialog>
  );
}
