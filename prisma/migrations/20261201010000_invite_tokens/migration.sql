-- AlterTable: the invite token, sealed (AES-256-GCM under a key derived from
-- the auth secret), so the interviewer can copy the same link again. Rows from
-- before this column stay NULL: their links still work, but cannot be shown.
ALTER TABLE "Invite" ADD COLUMN "tokenCiphertext" TEXT;
