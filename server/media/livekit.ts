/**
 * LiveKit access tokens. When LiveKit is configured the call runs through it
 * instead of peer-to-peer; the app's only part is deciding who may join and
 * publish, and saying so in a short-lived signed token.
 */
import { AccessToken } from 'livekit-server-sdk';
import { getEnv } from '../env';

/**
 * Short, so a token leaked from a browser is soon useless. A connected client is kept going by the
 * refreshed tokens LiveKit sends over its signal connection; after a failed or dropped connection
 * our client asks this server for a new one (livekit-call.tsx).
 */
export const TOKEN_TTL_SECONDS = 10 * 60;

export interface LiveKitConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
}

export function liveKitConfig(): LiveKitConfig | null {
  const env = getEnv();
  if (!env.LIVEKIT_URL || !env.LIVEKIT_API_KEY || !env.LIVEKIT_API_SECRET) return null;
  return { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET };
}

export interface CallGrant {
  /** The room is the interview. */
  interviewId: string;
  /** The identity is the user id, so LiveKit's participants map one-to-one to ours. */
  userId: string;
  name: string;
  canPublish: boolean;
}

export interface MintedToken {
  url: string;
  token: string;
  expiresAt: string;
}

export async function mintToken(config: LiveKitConfig, grant: CallGrant, now = Date.now()): Promise<MintedToken> {
  const token = new AccessToken(config.apiKey, config.apiSecret, { identity: grant.userId, name: grant.name, ttl: TOKEN_TTL_SECONDS });
  token.addGrant({
    room: grant.interviewId,
    roomJoin: true,
    canSubscribe: true,
    canPublish: grant.canPublish,
    canPublishData: grant.canPublish,
    // Names come from our accounts; a client must not rename itself in the call.
    canUpdateOwnMetadata: false,
  });
  return { url: config.url, token: await token.toJwt(), expiresAt: new Date(now + TOKEN_TTL_SECONDS * 1000).toISOString() };
}
