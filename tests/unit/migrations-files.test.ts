import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../server/db/migrate';

describe('committed migrations', () => {
  const migrations = readMigrations();

  it('use Prisma folder names (timestamp_name), in order', () => {
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) expect(m.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
    expect(migrations.map((m) => m.name)).toEqual([...migrations.map((m) => m.name)].sort());
  });

  it('carry a sha256 checksum of the SQL, as Prisma records it', () => {
    for (const m of migrations) {
      expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(m.sql.trim().length).toBeGreaterThan(0);
    }
  });
});
