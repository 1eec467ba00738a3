'use client';

import { useEffect } from 'react';

/** Receives the call's own stream, and a key naming its tracks (it changes when a device is swapped in the same stream). */
export type LocalMediaListener = (stream: MediaStream | null, key: string) => void;

/**
 * Tells the listener about the call's own camera and microphone: the stream
 * object stays the same across a device switch, so the key (the track ids)
 * is what says the tracks changed.
 */
export function useReportLocalMedia(listener: LocalMediaListener | undefined, stream: MediaStream | null): void {
  const key = stream ? stream.getTracks().map((t) => `${t.kind}:${t.id}`).join(',') : '';
  useEffect(() => {
    listener?.(stream, key);
  }, [listener, stream, key]);
  useEffect(() => () => listener?.(null, ''), [listener]);
}
