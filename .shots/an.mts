import { readFileSync, writeFileSync } from 'node:fs';
import { blockTimes } from '../tests/helpers/webm-builder';
import { finishWebm } from '../server/recordings/webm/finish';
const d = readFileSync('/tmp/cand-raw.webm');
const a = d.subarray(0, 836419), b = d.subarray(836419);
for (const [n, x] of [['seg1', a], ['seg2', b]] as const) {
  const v = await blockTimes(new Uint8Array(x), 1); const au = await blockTimes(new Uint8Array(x), 2);
  console.log(n, x.length, 'video', v.length, v[0], v.at(-1), 'audio', au.length, au[0], au.at(-1));
}
const out: Buffer[] = [];
const r = await finishWebm(async function* () { yield new Uint8Array(d); }, async (chunks) => { for await (const c of chunks) out.push(Buffer.from(c)); }, { streamStarts: [836419] });
console.log({ ...r });
writeFileSync('/tmp/cand-fin2.webm', Buffer.concat(out));
