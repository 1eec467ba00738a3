-- Where each later recorder's WebM file starts inside a recording (byte
-- offsets), noted as chunks arrive, so the finishing step can drop a block a
-- reload cut short instead of reading it into the next file.

-- AlterTable
ALTER TABLE "Recording" ADD COLUMN "streamStarts" BIGINT[] NOT NULL DEFAULT ARRAY[]::BIGINT[];
