/**
 * The lobby's remembered device choice and the constraints built from it:
 * remembered devices and switches are asked for exactly (acquire() falls back
 * to the defaults when one is gone), refusals map to the right advice,
 * and whatever is in storage (garbage included) reads back as a valid choice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { constraintsFor, DEFAULT_CHOICE, exactDevice, loadChoice, problemKind, PROBLEM_TEXT, saveChoice } from '@/app/interviews/[id]/_components/call/local-media';

/** Node has no localStorage; a plain in-memory Storage stands in for the browser's. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const g = globalThis as unknown as { localStorage?: MemoryStorage };
beforeEach(() => {
  g.localStorage = new MemoryStorage();
});
afterEach(() => {
  delete g.localStorage;
});

describe('remembered media choice', () => {
  it('round-trips devices and on/off through storage', () => {
    saveChoice({ audioInput: 'mic-2', videoInput: 'cam-1', audioOutput: 'spk-3', audio: false, video: true });
    expect(loadChoice()).toEqual({ audioInput: 'mic-2', videoInput: 'cam-1', audioOutput: 'spk-3', audio: false, video: true });
  });

  it('reads nothing, garbage or odd values as the defaults (mic and camera on)', () => {
    expect(loadChoice()).toEqual(DEFAULT_CHOICE);
    g.localStorage!.setItem('mockroom.media-choice.v1', '{not json');
    expect(loadChoice()).toEqual(DEFAULT_CHOICE);
    g.localStorage!.setItem('mockroom.media-choice.v1', JSON.stringify({ audioInput: 42, videoInput: 'x'.repeat(600), audio: 'no', video: false }));
    expect(loadChoice()).toEqual({ audioInput: undefined, videoInput: undefined, audioOutput: undefined, audio: true, video: false });
  });

  it('works without storage at all (private mode, or blocked by policy)', () => {
    delete g.localStorage;
    expect(() => saveChoice({ audio: true, video: false })).not.toThrow();
    expect(loadChoice()).toEqual(DEFAULT_CHOICE);
  });
});

describe('constraints', () => {
  it('asks for remembered devices exactly, and for the defaults without an id', () => {
    expect(constraintsFor({ audioInput: 'mic-2', videoInput: 'cam-1' })).toEqual({
      audio: { deviceId: { exact: 'mic-2' } },
      video: { width: { ideal: 640 }, height: { ideal: 360 }, deviceId: { exact: 'cam-1' } },
    });
    expect(constraintsFor({})).toEqual({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } });
    expect(constraintsFor({ audioInput: 'mic-2' }, { audio: true, video: false })).toEqual({ audio: { deviceId: { exact: 'mic-2' } }, video: false });
  });

  it('switches to exactly the picked device', () => {
    expect(exactDevice('audio', 'mic-9')).toEqual({ audio: { deviceId: { exact: 'mic-9' } } });
    expect(exactDevice('video', 'cam-9')).toEqual({ video: { deviceId: { exact: 'cam-9' }, width: { ideal: 640 }, height: { ideal: 360 } } });
  });
});

describe('refusals', () => {
  it('names each getUserMedia failure so the lobby can say what to do', () => {
    expect(problemKind({ name: 'NotAllowedError' })).toBe('blocked');
    expect(problemKind({ name: 'SecurityError' })).toBe('blocked');
    expect(problemKind({ name: 'NotFoundError' })).toBe('missing');
    expect(problemKind({ name: 'OverconstrainedError' })).toBe('missing');
    expect(problemKind({ name: 'NotReadableError' })).toBe('busy');
    expect(problemKind(new Error('boom'))).toBe('other');
    expect(problemKind(null)).toBe('other');
    expect(PROBLEM_TEXT.blocked).toMatch(/address bar/);
  });
});
