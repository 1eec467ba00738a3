/**
 * Generated availability for the matching bench: people in a spread of time
 * zones, free on local evenings and weekend days over the next 14 days, at
 * a realistic mix of levels, domains and first-role wishes. Seeded, so runs
 * compare.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { zonedToUtc, utcToZoned } from '../../lib/time/zoned';
import { rng } from './elements';

const ZONES = ['America/Los_Angeles', 'America/New_York', 'America/Sao_Paulo', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney'];
const LEVEL_MIX: [string, number][] = [['senior', 0.5], ['staff', 0.35], ['principal', 0.15]];
const ROLE_MIX: [string, number][] = [['either', 0.5], ['interviewer', 0.25], ['candidate', 0.25]];
const H = 3_600_000;

export interface GeneratedRequest {
  userId: string;
  level: string;
  domains: string[];
  firstRole: string;
  timeZone: string;
  slots: { startsAt: Date; endsAt: Date }[];
}

function pick<T>(random: () => number, mix: [T, number][]): T {
  let x = random();
  for (const [value, weight] of mix) if ((x -= weight) < 0) return value;
  return mix.at(-1)![0];
}

/** A generator of requests: 1–5 windows each, 1.5–4 h, starting 07:00–21:00 local, none overlapping. */
export function availabilityGenerator(seed: number, domains: string[], now: number) {
  const random = rng(seed);
  const int = (n: number) => Math.floor(random() * n);
  return (userId: string): GeneratedRequest => {
    const timeZone = ZONES[int(ZONES.length)]!;
    const slots: { startsAt: Date; endsAt: Date }[] = [];
    const days = [...new Set(Array.from({ length: 1 + int(5) }, () => 1 + int(13)))].sort((a, b) => a - b);
    for (const day of days) {
      const { date } = utcToZoned(now + day * 24 * H, timeZone);
      const startHour = 7 + int(15);
      const start = zonedToUtc(date, `${String(startHour).padStart(2, '0')}:${random() < 0.5 ? '00' : '30'}`, timeZone);
      const end = start + (1.5 + int(6) * 0.5) * H;
      if (start > now && !slots.some((s) => start < s.endsAt.getTime() && end > s.startsAt.getTime())) slots.push({ startsAt: new Date(start), endsAt: new Date(end) });
    }
    if (!slots.length) slots.push({ startsAt: new Date(now + 30 * H), endsAt: new Date(now + 33 * H) });
    const chosen = random() < 0.3 ? [] : [...new Set(Array.from({ length: 1 + int(3) }, () => domains[int(domains.length)]!))];
    return { userId, level: pick(random, LEVEL_MIX), domains: chosen, firstRole: pick(random, ROLE_MIX), timeZone, slots };
  };
}

/** Writes users and their open requests straight into Postgres, in batches (the pool the bench matches against). */
export async function seedOpenRequests(databaseUrl: string, requests: GeneratedRequest[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (let i = 0; i < requests.length; i += 1000) {
      const batch = requests.slice(i, i + 1000);
      const ids = batch.map(() => randomUUID());
      await client.query(
        `INSERT INTO "User" (id, name, email, "timeZone", "updatedAt")
         SELECT u, 'Seed ' || u, u || '@bench.test', z, now() FROM unnest($1::text[], $2::text[]) AS t(u, z)`,
        [batch.map((r) => r.userId), batch.map((r) => r.timeZone)],
      );
      await client.query(
        `INSERT INTO "AvailabilityRequest" (id, "userId", level, domains, "firstRole", "timeZone", "updatedAt")
         SELECT id, u, l, CASE WHEN d = '' THEN '{}'::text[] ELSE string_to_array(d, ',') END, f::"FirstRole", z, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, u, l, d, f, z)`,
        [ids, batch.map((r) => r.userId), batch.map((r) => r.level), batch.map((r) => r.domains.join(',')), batch.map((r) => r.firstRole), batch.map((r) => r.timeZone)],
      );
      const slots = batch.flatMap((r, k) => r.slots.map((s) => ({ requestId: ids[k]!, s })));
      await client.query(
        `INSERT INTO "AvailabilitySlot" (id, "requestId", "startsAt", "endsAt")
         SELECT gen_random_uuid()::text, r, s, e FROM unnest($1::text[], $2::timestamp(3)[], $3::timestamp(3)[]) AS t(r, s, e)`,
        [slots.map((x) => x.requestId), slots.map((x) => x.s.startsAt.toISOString().slice(0, 23)), slots.map((x) => x.s.endsAt.toISOString().slice(0, 23))],
      );
    }
    await client.query('ANALYZE "AvailabilityRequest"; ANALYZE "AvailabilitySlot"; ANALYZE "User"');
  } finally {
    await client.end();
  }
}
