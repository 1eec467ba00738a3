/**
 * Awareness is relayed to everyone in the room, so the server checks every
 * awareness update: only the allowed fields, and a user can speak only for
 * themselves (their own id and their real role).
 */
import * as decoding from 'lib0/decoding';
import { z } from 'zod';

const stateSchema = z.strictObject({
  user: z.strictObject({
    id: z.string().max(64),
    name: z.string().max(80),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    role: z.enum(['interviewer', 'candidate', 'observer']),
  }),
  pointer: z.strictObject({ x: z.number().finite(), y: z.number().finite(), tool: z.enum(['pointer', 'laser']) }).nullable(),
});

export class AwarenessRejected extends Error {}

/** Throws AwarenessRejected unless every state in the encoded update is allowed for this user. */
export function checkAwarenessUpdate(update: Uint8Array, user: { id: string; role: string }): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 4) throw new AwarenessRejected(`too many awareness states in one update (${count})`);
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder); // client id
    decoding.readVarUint(decoder); // clock
    const json = decoding.readVarString(decoder);
    const state: unknown = JSON.parse(json);
    if (state === null) continue; // a client leaving
    // The protocol's default state: present, sharing nothing yet.
    if (typeof state === 'object' && !Array.isArray(state) && Object.keys(state).length === 0) continue;
    const parsed = stateSchema.safeParse(state);
    if (!parsed.success) throw new AwarenessRejected(`awareness state: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    if (parsed.data.user.id !== user.id || parsed.data.user.role !== user.role) {
      throw new AwarenessRejected('awareness state must describe the connected user');
    }
  }
}
