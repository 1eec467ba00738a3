/**
 * A speaking indicator: the audio level of a stream, read a few times a second through one shared
 * AudioContext. Cheap enough for four streams.
 *
 * Each read covers the whole time since the previous one (the analyser keeps ~170 ms of samples and
 * we read every 150 ms), split into ~10 ms blocks; the loudest block decides. A point sample would
 * miss a short word, or a timer delayed under load would skip audio entirely. Once lit, the ring
 * holds for HOLD_MS so it does not flicker off between syllables.
 */
let context: AudioContext | null = null;

/** The page's one AudioContext (speaking rings and the lobby's level meter share it). */
export function audioContext(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  return context;
}

/**
 * Call from a click or key handler (the lobby's Join): a user gesture is what lets the
 * browser run audio analysis and play the others' sound. Later tiles then play unmuted.
 */
export function unlockAudio(): void {
  const ctx = audioContext();
  if (ctx?.state === 'suspended') void ctx.resume();
}

const THRESHOLD = 0.04;
const READ_EVERY_MS = 150;
const HOLD_MS = 700;
const WINDOW = 8192;
const BLOCK = 512;

/** Root-mean-square of the loudest BLOCK-sized slice; exported for the unit test. */
export function loudestBlockRms(samples: Float32Array, block = BLOCK): number {
  let loudest = 0;
  for (let start = 0; start < samples.length; start += block) {
    const end = Math.min(start + block, samples.length);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i] * samples[i];
    loudest = Math.max(loudest, Math.sqrt(sum / (end - start)));
  }
  return loudest;
}

/** Calls `onChange` when the stream starts or stops carrying speech-level audio; returns the stop function. */
export function watchSpeaking(stream: MediaStream, onChange: (speaking: boolean) => void): () => void {
  const context = audioContext();
  if (!stream.getAudioTracks().length || !context) return () => {};
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = WINDOW;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let speaking = false;
  let lastLoud = -Infinity;
  const timer = setInterval(() => {
    // Created before the user clicked anything, the context starts suspended; resume() succeeds
    // on the first tick after any click in the page.
    if (context.state === 'suspended') void context.resume();
    analyser.getFloatTimeDomainData(samples);
    const now = performance.now();
    if (loudestBlockRms(samples) > THRESHOLD) lastLoud = now;
    const next = now - lastLoud < HOLD_MS;
    if (next !== speaking) onChange((speaking = next));
  }, READ_EVERY_MS);
  return () => {
    clearInterval(timer);
    source.disconnect();
  };
}
