-- The review page (issue 14): score changes as a log, so they can be placed
-- on the session's timeline, and share links with the record of who opened them.

-- CreateTable
CREATE TABLE "ScoreChange" (
    "id" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "dimensionId" TEXT NOT NULL,
    "score" INTEGER,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewShare" (
    "id" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenCiphertext" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewShare_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewShareOpen" (
    "id" TEXT NOT NULL,
    "shareId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewShareOpen_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScoreChange_evaluationId_changedAt_idx" ON "ScoreChange"("evaluationId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewShare_tokenHash_key" ON "ReviewShare"("tokenHash");

-- CreateIndex
CREATE INDEX "ReviewShare_interviewId_createdById_idx" ON "ReviewShare"("interviewId", "createdById");

-- CreateIndex
CREATE INDEX "ReviewShareOpen_shareId_openedAt_idx" ON "ReviewShareOpen"("shareId", "openedAt");

-- AddForeignKey
ALTER TABLE "ScoreChange" ADD CONSTRAINT "ScoreChange_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewShare" ADD CONSTRAINT "ReviewShare_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewShare" ADD CONSTRAINT "ReviewShare_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewShareOpen" ADD CONSTRAINT "ReviewShareOpen_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "ReviewShare"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewShareOpen" ADD CONSTRAINT "ReviewShareOpen_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
