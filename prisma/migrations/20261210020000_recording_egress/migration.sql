-- LiveKit Egress recordings: the egress that captures a person on the server
-- (null when their browser records), and why a recording failed, for its owner.

-- AlterTable
ALTER TABLE "Recording" ADD COLUMN "egressId" TEXT,
ADD COLUMN "failure" TEXT;
