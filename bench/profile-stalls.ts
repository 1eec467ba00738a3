/**
 * Finds the long tasks in a saved V8 CPU profile (bench --profile with
 * BENCH_PROFILE_DIR): runs of consecutive non-idle samples longer than
 * --min ms, each with the functions that held the most of it (self time) and
 * the deepest script frames of its heaviest stack. Event-loop stalls are what
 * board latency's tail is made of; this says what they were.
 *
 *   node --import tsx bench/profile-stalls.ts file.cpuprofile [--min 40]
 */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number }

const [file, ...rest] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-stalls.ts file.cpuprofile [--min 40]');
const minMs = Number(rest[rest.indexOf('--min') + 1] ?? 40) || 40;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|lib|bench|\.next)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const idle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';
function stack(id: number): string[] {
  const out: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at)!;
    if (n.callFrame.url || n.callFrame.functionName.startsWith('(')) out.push(label(n));
  }
  return out;
}

let t = profile.startTime;
const times = profile.samples.map((_, i) => (t += profile.timeDeltas[i]!));
let runStart = -1;
const stalls: { at: number; ms: number; samples: number[] }[] = [];
for (let i = 0; i <= profile.samples.length; i++) {
  const busy = i < profile.samples.length && !idle(profile.samples[i]!);
  if (busy && runStart < 0) runStart = i;
  if (!busy && runStart >= 0) {
    const ms = (times[i - 1]! - times[runStart]!) / 1000;
    if (ms >= minMs) stalls.push({ at: (times[runStart]! - profile.startTime) / 1e6, ms, samples: profile.samples.slice(runStart, i) });
    runStart = -1;
  }
}
console.log(`${stalls.length} runs of busy samples ≥ ${minMs} ms in ${((times.at(-1)! - profile.startTime) / 1e6).toFixed(1)} s`);
for (const s of stalls) {
  const self = new Map<string, number>();
  for (const id of s.samples) self.set(label(byId.get(id)!), (self.get(label(byId.get(id)!)) ?? 0) + 1);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} (${Math.round((v / s.samples.length) * 100)} %)`);
  // The stack of the most common leaf, which says who called it.
  const leaf = [...new Map(s.samples.map((id) => [id, s.samples.filter((x) => x === id).length]))].sort((a, b) => b[1] - a[1])[0]![0];
  console.log(`\n+${s.at.toFixed(2)} s: ${s.ms.toFixed(0)} ms\n  self: ${top.join('; ')}\n  stack: ${stack(leaf).slice(0, 14).join(' < ')}`);
}
