-- AlterEnum: a recording whose bytes are being removed (server/recordings/deletion.ts).
ALTER TYPE "RecordingStatus" ADD VALUE 'deleting';

-- CreateIndex
CREATE INDEX "Recording_status_idx" ON "Recording"("status");
