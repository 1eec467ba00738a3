/**
 * Can the user that runs the embedded Postgres reach a path?
 *
 * As root we run Postgres as the `postgres` user (Postgres refuses root), and
 * a clone in root's home folder or in a `mktemp -d` folder sits under a 0700
 * folder that user cannot pass through. `fs.access` answers only for our own
 * (root) identity, so the decision is computed from the stat of each path,
 * with the kernel's rule: the owner's bits if the uid owns it, else the
 * group's bits if the gid matches, else the others' bits (never a union).
 * POSIX ACLs are not consulted: a path an ACL opens is merely treated as
 * closed (the cluster then moves, which still works).
 */
import { statSync } from 'node:fs';
import path from 'node:path';

/** The identity a child process gets from spawn({ uid, gid }). */
export interface Identity {
  uid: number;
  /** libuv drops supplementary groups (setgroups(0)) when it switches user, so only this gid counts. */
  gid: number;
}

export const SEARCH = 0o1;
export const READ = 0o4;

export interface PathCheck {
  path: string;
  mode: number;
  uid: number;
  gid: number;
  /** Permission bits needed, as the "other" triplet: SEARCH (x) for folders and binaries, READ (r) for files. */
  need: number;
}

export interface Denial {
  path: string;
  mode: number;
  uid: number;
  gid: number;
  need: number;
}

/** The permission triplet (rwx as 0..7) that applies to `who` for a path owned by uid:gid. */
export function applicableBits(check: Pick<PathCheck, 'mode' | 'uid' | 'gid'>, who: Identity): number {
  if (who.uid === 0) return 0o7;
  if (check.uid === who.uid) return (check.mode >> 6) & 0o7;
  if (check.gid === who.gid) return (check.mode >> 3) & 0o7;
  return check.mode & 0o7;
}

/** The first path (in the order given, outermost first) that `who` may not use as needed; undefined when all pass. */
export function firstDenied(checks: readonly PathCheck[], who: Identity): Denial | undefined {
  for (const check of checks) {
    if ((applicableBits(check, who) & check.need) !== check.need) {
      return { path: check.path, mode: check.mode & 0o7777, uid: check.uid, gid: check.gid, need: check.need };
    }
  }
  return undefined;
}

/** `/`, `/a`, `/a/b` for `/a/b/c`: every folder the kernel walks through to reach `target`. */
export function ancestorsOf(target: string): string[] {
  const out: string[] = [];
  let current = path.dirname(path.resolve(target));
  for (;;) {
    out.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}

/** Stats each path (following symlinks, as the kernel does once it has resolved them). */
export function statChecks(paths: readonly string[], need: number): PathCheck[] {
  return paths.map((p) => {
    const s = statSync(p);
    return { path: p, mode: s.mode, uid: s.uid, gid: s.gid, need };
  });
}

/** How a denial reads in an error or log line, with the command that lifts it. */
export function describeDenial(denial: Denial, who: Identity): { what: string; fix: string } {
  const mode = (denial.mode & 0o777).toString(8).padStart(4, '0');
  const verb = denial.need & READ ? 'readable' : 'traversable';
  const whom = denial.uid === who.uid ? 'u' : denial.gid === who.gid ? 'g' : 'o';
  const bits = `${whom}+${denial.need & READ ? 'r' : ''}${denial.need & SEARCH ? 'x' : ''}`;
  return {
    what: `${denial.path} (mode ${mode}, owner uid ${denial.uid}) is not ${verb} by the postgres user`,
    fix: `chmod ${bits} ${denial.path}`,
  };
}
