-- AlterTable
ALTER TABLE "BoardSnapshot" ADD COLUMN "encoding" TEXT NOT NULL DEFAULT 'v1';
