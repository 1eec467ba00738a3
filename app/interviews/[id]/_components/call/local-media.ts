/**
 * The local camera and microphone: asking for them with the person's chosen
 * devices, explaining refusals in words they can act on, and remembering the
 * choice (devices and on/off) in localStorage so the next room starts with it.
 * Shared by the lobby, which acquires the stream, and the call, which takes it over.
 */

export interface MediaChoice {
  /** Device ids; undefined means the browser's default. */
  audioInput?: string;
  videoInput?: string;
  audioOutput?: string;
  /** Whether the mic and camera start on. */
  audio: boolean;
  video: boolean;
}

/** What the lobby hands to the call when the person presses Join. */
export interface CallEntry {
  /** The lobby's stream, taken over by the call (never re-acquired); null joins receive-only. */
  stream: MediaStream | null;
  /** A device problem to keep showing in the call, if any. */
  problem: string | null;
  choice: MediaChoice;
}

const STORAGE_KEY = 'mockroom.media-choice.v1';
export const DEFAULT_CHOICE: MediaChoice = { audio: true, video: true };

export function loadChoice(): MediaChoice {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<MediaChoice> | null;
    if (!raw || typeof raw !== 'object') return DEFAULT_CHOICE;
    const id = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length < 512 ? v : undefined);
    return {
      audioInput: id(raw.audioInput),
      videoInput: id(raw.videoInput),
      audioOutput: id(raw.audioOutput),
      audio: raw.audio !== false,
      video: raw.video !== false,
    };
  } catch {
    // Storage can be disabled (private mode, policy); the defaults do.
    return DEFAULT_CHOICE;
  }
}

export function saveChoice(choice: MediaChoice): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Not remembering is fine.
  }
}

const VIDEO_SIZE = { width: { ideal: 640 }, height: { ideal: 360 } };

/** The remembered devices, exactly; acquire() falls back to the defaults when one has gone. */
export function constraintsFor(choice: Pick<MediaChoice, 'audioInput' | 'videoInput'>, kinds: { audio: boolean; video: boolean } = { audio: true, video: true }): MediaStreamConstraints {
  return {
    audio: kinds.audio ? (choice.audioInput ? { deviceId: { exact: choice.audioInput } } : true) : false,
    video: kinds.video ? { ...VIDEO_SIZE, ...(choice.videoInput && { deviceId: { exact: choice.videoInput } }) } : false,
  };
}

/** Constraints for switching to one exact device mid-call or in the lobby. */
export function exactDevice(kind: 'audio' | 'video', deviceId: string): MediaStreamConstraints {
  return kind === 'audio' ? { audio: { deviceId: { exact: deviceId } } } : { video: { deviceId: { exact: deviceId }, ...VIDEO_SIZE } };
}

export type MediaProblemKind = 'blocked' | 'missing' | 'busy' | 'insecure' | 'other';

export function problemKind(error: unknown): MediaProblemKind {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'other';
}

export const PROBLEM_TEXT: Record<MediaProblemKind, string> = {
  blocked: 'Camera and microphone are blocked for this site. Allow them from the address bar, then press Retry. The board and timer keep working.',
  missing: 'No camera or microphone was found. You can still see and hear the others.',
  busy: 'Your camera or microphone is busy in another app. Close it, then press Retry.',
  insecure: 'Video needs a secure page (https, or localhost). You can still use the board and timer.',
  other: 'Could not start your camera or microphone. You can still see and hear the others.',
};

export function describe(error: unknown): string {
  return PROBLEM_TEXT[problemKind(error)];
}

export interface Acquired {
  stream: MediaStream | null;
  problem: string | null;
  kind: MediaProblemKind | null;
}

/**
 * Camera and mic if possible, else mic only, else nothing (receive-only). Remembered devices are
 * asked for exactly (Chromium may otherwise settle on the default); if one was unplugged since,
 * the defaults are asked for instead.
 */
export async function acquire(choice: Pick<MediaChoice, 'audioInput' | 'videoInput'> = {}): Promise<Acquired> {
  if (!navigator.mediaDevices?.getUserMedia) return { stream: null, problem: PROBLEM_TEXT.insecure, kind: 'insecure' };
  const ask = (c: Pick<MediaChoice, 'audioInput' | 'videoInput'>, kinds?: { audio: boolean; video: boolean }) => navigator.mediaDevices.getUserMedia(constraintsFor(c, kinds));
  try {
    try {
      return { stream: await ask(choice), problem: null, kind: null };
    } catch (error) {
      const remembered = Boolean(choice.audioInput || choice.videoInput);
      if (!remembered || problemKind(error) !== 'missing') throw error;
      return { stream: await ask({}), problem: null, kind: null };
    }
  } catch (error) {
    if (problemKind(error) === 'missing') {
      try {
        return { stream: await ask({}, { audio: true, video: false }), problem: 'No camera was found; you are on audio only.', kind: 'missing' };
      } catch {
        // Fall through to the original reason.
      }
    }
    return { stream: null, problem: describe(error), kind: problemKind(error) };
  }
}

export function stopStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((t) => t.stop());
}

/** Whether this browser can route audio to a chosen output (HTMLMediaElement.setSinkId). */
export function canChooseOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/** Routes an element's sound to a chosen output where the browser allows; elsewhere the default plays. */
export async function routeOutput(el: HTMLMediaElement, deviceId: string | undefined): Promise<void> {
  if (!deviceId || !canChooseOutput()) return;
  const sinkable = el as HTMLMediaElement & { sinkId?: string; setSinkId(id: string): Promise<void> };
  if (sinkable.sinkId === deviceId) return;
  await sinkable.setSinkId(deviceId).catch(() => undefined);
}
