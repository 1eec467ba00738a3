/**
 * What a whiteboard peer may publish through Yjs awareness. Awareness reaches
 * every participant, candidates included, so the schema is strict: a state
 * with any field beyond these is rejected, both when we publish ours and when
 * we read a peer's. Never widen it with anything interviewer-only.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../interviews/roles';

/** Every participant role appears on the board (observers read-only). */
export const WHITEBOARD_ROLES = ROLES;
export type WhiteboardRole = Role;

export const awarenessUserSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().trim().min(1).max(80),
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  role: z.enum(WHITEBOARD_ROLES),
});

export const awarenessPointerSchema = z.strictObject({
  x: z.number().finite(),
  y: z.number().finite(),
  tool: z.enum(['pointer', 'laser']),
});

export const awarenessStateSchema = z.strictObject({
  user: awarenessUserSchema,
  pointer: awarenessPointerSchema.nullable(),
});

export type AwarenessUser = z.infer<typeof awarenessUserSchema>;
export type AwarenessPointer = z.infer<typeof awarenessPointerSchema>;
export type AwarenessState = z.infer<typeof awarenessStateSchema>;

/** A peer's state, or null when it is absent or breaks the schema (then it is ignored). */
export function parseAwarenessState(value: unknown): AwarenessState | null {
  const parsed = awarenessStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Eight hues that each reach at least 4.5:1 contrast against white, so a
 * colour works as text or an outline on the canvas as well as a fill behind
 * dark text. Order matters: changing it re-colours every user.
 */
export const USER_COLORS = [
  '#1d4ed8', // blue
  '#b91c1c', // red
  '#047857', // green
  '#7e22ce', // purple
  '#c2410c', // orange
  '#0e7490', // teal
  '#be185d', // pink
  '#4d7c0f', // olive
] as const;

/**
 * The same user gets the same colour on every screen and every visit, without
 * anyone having to agree on it: FNV-1a over the id, modulo the palette.
 */
export function colorForUser(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return USER_COLORS[(hash >>> 0) % USER_COLORS.length];
}
