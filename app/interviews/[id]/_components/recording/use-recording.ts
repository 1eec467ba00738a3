'use client';

/**
 * Recording in the room, for React: the shared status (who asked, who allowed,
 * whose streams are recorded), this person's consent question, and this
 * browser's own capture and upload.
 *
 * The server is the authority. The status is read on load, on every
 * `recording:changed` (the tick) and on every reconnection; this browser
 * captures exactly while the status says its own file is `recording` and the
 * call has a live track. Starting and stopping the capture run one after the
 * other on a chain, each looking at the latest wish, so a burst of changes
 * (Stop all right after Allow) never leaves a recorder running.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import * as recordingApi from '@/lib/api/recording';
import type { RecordingStatus } from '@/lib/api/recording';
import { hasLiveVideo, pickMimeType, RecordingCapture } from './capture';
import { openChunkStore, type ChunkStore } from './chunk-store';
import { ChunkUploader, type UploadState } from './uploader';

export interface RecordingOptions {
  interviewId: string;
  userId: string;
  /** Changes whenever the room hears `recording:changed` or (re)connects. */
  tick: number;
  /** The call's own camera and microphone, once joined; null before, and after leaving. */
  media: MediaStream | null;
  /** Changes when the call swaps a device (the stream object stays the same). */
  mediaKey: string;
}

export interface RecordingView {
  status: RecordingStatus | null;
  upload: UploadState;
  /** Why the last action or the capture failed, in words for the user. */
  error: string | null;
  /** This person publishes, a recording runs, and they have not answered it. */
  asked: boolean;
  /** This browser is recording its camera and microphone right now. */
  capturing: boolean;
  /** The chunks stay on this device only in memory (private mode): a reload loses what is not uploaded. */
  volatile: string | null;
  busy: boolean;
  start(): Promise<void>;
  allow(): Promise<void>;
  decline(): Promise<void>;
  stopMine(): Promise<void>;
  stopAll(): Promise<void>;
}

const WORDS = { offline: 'No connection: try again in a moment.', refused: (status: number) => `The server refused (HTTP ${status}).` };

export function isActive(status: RecordingStatus | null): boolean {
  return Boolean(status?.session && status.session.stoppedAt === null);
}

export function useRecording({ interviewId, userId, tick, media, mediaKey }: RecordingOptions): RecordingView {
  const [status, setStatus] = useState<RecordingStatus | null>(null);
  const [upload, setUpload] = useState<UploadState>({ kind: 'idle', pendingChunks: 0 });
  const [error, setError] = useState<string | null>(null);
  const [capturing, setCapturing] = useState(false);
  const [volatile, setVolatile] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parts = useRef<{ store: ChunkStore; uploader: ChunkUploader } | null>(null);
  const capture = useRef<{ recordingId: string; capture: RecordingCapture } | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const wish = useRef({ recordingId: null as string | null, media: null as MediaStream | null });
  const latestRead = useRef(0);

  const read = useCallback(async () => {
    const ticket = ++latestRead.current;
    try {
      const next = await apiFetch(recordingApi.readRecording, { params: { id: interviewId } });
      // An older read answering late must not undo a newer one.
      if (ticket === latestRead.current) setStatus(next);
    } catch (err) {
      console.warn('Could not read the recording status', err);
    }
  }, [interviewId]);

  useEffect(() => void read(), [read, tick]);

  const reconcile = useCallback(() => {
    chain.current = chain.current.then(step).catch((err: unknown) => console.warn('Recording capture', err));
    async function step(): Promise<void> {
      const ready = parts.current;
      if (!ready) return;
      const { recordingId, media: stream } = wish.current;
      const current = capture.current;
      if (current && current.recordingId !== recordingId) {
        capture.current = null;
        await current.capture.stop();
      }
      if (!recordingId) return setCapturing(false);
      const live = stream?.getTracks().filter((t) => t.readyState === 'live') ?? [];
      if (!capture.current) {
        if (live.length === 0) return setCapturing(false);
        try {
          const started = await RecordingCapture.start({
            stream: stream!, interviewId, recordingId, store: ready.store, uploader: ready.uploader,
            onError: (err) => setError(err.message),
          });
          capture.current = { recordingId, capture: started };
        } catch (err) {
          setError(`Your recording could not start: ${err instanceof Error ? err.message : String(err)}`);
          return setCapturing(false);
        }
      } else {
        // The call swapped a device, or left and rejoined: record the tracks it has now.
        for (const kind of ['audio', 'video'] as const) {
          const track = live.find((t) => t.kind === kind) ?? null;
          await capture.current.capture.replaceTrack(kind, track);
        }
      }
      setCapturing(capture.current?.capture.recording ?? false);
    }
    // Only refs inside; interviewId is fixed for the room.
  }, [interviewId]);

  // One store and one uploader per page. The uploader starts by sending whatever an earlier visit left behind.
  useEffect(() => {
    let cancelled = false;
    let stopUploader: (() => void) | null = null;
    void openChunkStore().then((store) => {
      if (cancelled) return store.close();
      const uploader = new ChunkUploader({ store, onReport: (report) => report.type === 'refused' && setError(`A piece of your recording was refused: ${report.message}`) });
      const unsubscribe = uploader.subscribe(setUpload);
      parts.current = { store, uploader };
      if (!store.durable) setVolatile(store.reason ?? 'This browser keeps the recording in memory only.');
      stopUploader = () => {
        unsubscribe();
        uploader.stop();
        store.close();
      };
      reconcile();
    });
    // Leaving the page: send what is pending now; whatever does not make it stays stored for the next visit.
    const flush = () => void parts.current?.uploader.flush();
    window.addEventListener('pagehide', flush);
    return () => {
      cancelled = true;
      window.removeEventListener('pagehide', flush);
      const running = capture.current;
      capture.current = null;
      parts.current = null;
      void (running ? running.capture.stop() : Promise.resolve()).finally(() => stopUploader?.());
    };
  }, [reconcile]);

  const mine = status?.mine;
  // With LiveKit Egress the server records this person; the browser must not record a second copy.
  const wanted = status?.capture === 'browser' && mine?.status === 'recording' && isActive(status) ? mine.recordingId : null;
  useEffect(() => {
    wish.current = { recordingId: wanted, media };
    reconcile();
  }, [wanted, media, mediaKey, reconcile]);

  const act = useCallback(
    async (run: () => Promise<RecordingStatus>, after?: () => Promise<void>) => {
      setBusy(true);
      setError(null);
      try {
        setStatus(await run());
        await after?.();
      } catch (err) {
        setError(failureMessage(err, WORDS));
        void read();
      } finally {
        setBusy(false);
      }
    },
    [read],
  );

  const sessionId = status?.session?.id;
  const me = status?.people.find((p) => p.userId === userId);
  return {
    status,
    upload,
    error: error ?? mine?.failure ?? null,
    asked: Boolean(me && isActive(status) && me.decision === null),
    capturing,
    volatile,
    busy,
    start: () => act(() => apiFetch(recordingApi.startRecording, { params: { id: interviewId } })),
    allow: () =>
      act(() => {
        const tracks = media?.getTracks() ?? [];
        const mimeType = (typeof MediaRecorder === 'undefined' ? undefined : pickMimeType(hasLiveVideo(tracks))) ?? (hasLiveVideo(tracks) ? 'video/webm' : 'audio/webm');
        return apiFetch(recordingApi.decideRecording, { params: { id: interviewId }, body: { sessionId: sessionId!, decision: 'allowed', mimeType } });
      }),
    decline: () => act(() => apiFetch(recordingApi.decideRecording, { params: { id: interviewId }, body: { sessionId: sessionId!, decision: 'declined' } })),
    // The server stops the file first, so the indicator changes for everyone at once; chunks captured
    // until the recorder really stops are still taken (below the count the browser reports).
    stopMine: () => act(() => apiFetch(recordingApi.stopRecording, { params: { id: interviewId }, body: { scope: 'mine' } })),
    stopAll: () => act(() => apiFetch(recordingApi.stopRecording, { params: { id: interviewId }, body: { scope: 'everyone' } })),
  };
}
