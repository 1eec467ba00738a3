-- CreateEnum
CREATE TYPE "Recommendation" AS ENUM ('strong_no_hire', 'no_hire', 'hire', 'strong_hire');

-- CreateEnum
CREATE TYPE "LevelEstimate" AS ENUM ('below_senior', 'senior', 'staff', 'principal');

-- CreateEnum
CREATE TYPE "RubricMarkKind" AS ENUM ('signal', 'red_flag');

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "evaluatorId" TEXT NOT NULL,
    "rubricVersion" TEXT NOT NULL,
    "recommendation" "Recommendation",
    "levelEstimate" "LevelEstimate",
    "candidateFeedback" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DimensionScore" (
    "evaluationId" TEXT NOT NULL,
    "dimensionId" TEXT NOT NULL,
    "score" INTEGER,
    "summary" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DimensionScore_pkey" PRIMARY KEY ("evaluationId","dimensionId"),
    -- Not expressible in schema.prisma; the API validates too, this keeps a bad write out regardless.
    CONSTRAINT "DimensionScore_score_range" CHECK ("score" IS NULL OR "score" BETWEEN 1 AND 4)
);

-- CreateTable
CREATE TABLE "RubricMark" (
    "id" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "kind" "RubricMarkKind" NOT NULL,
    "dimensionId" TEXT NOT NULL,
    "itemIndex" INTEGER NOT NULL,
    "sessionMs" INTEGER NOT NULL,
    "phaseId" TEXT NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RubricMark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sessionMs" INTEGER NOT NULL,
    "phaseId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CardReveal" (
    "id" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "revealedById" TEXT NOT NULL,
    "sessionMs" INTEGER NOT NULL,
    "phaseId" TEXT NOT NULL,
    "revealedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CardReveal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackRelease" (
    "id" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "releasedById" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "releasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackRelease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_interviewId_evaluatorId_key" ON "Evaluation"("interviewId", "evaluatorId");

-- CreateIndex
CREATE UNIQUE INDEX "RubricMark_evaluationId_kind_dimensionId_itemIndex_key" ON "RubricMark"("evaluationId", "kind", "dimensionId", "itemIndex");

-- CreateIndex
CREATE INDEX "Note_interviewId_createdAt_idx" ON "Note"("interviewId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CardReveal_interviewId_cardId_key" ON "CardReveal"("interviewId", "cardId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackRelease_evaluationId_key" ON "FeedbackRelease"("evaluationId");

-- CreateIndex
CREATE INDEX "FeedbackRelease_interviewId_idx" ON "FeedbackRelease"("interviewId");

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_evaluatorId_fkey" FOREIGN KEY ("evaluatorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DimensionScore" ADD CONSTRAINT "DimensionScore_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RubricMark" ADD CONSTRAINT "RubricMark_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardReveal" ADD CONSTRAINT "CardReveal_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardReveal" ADD CONSTRAINT "CardReveal_revealedById_fkey" FOREIGN KEY ("revealedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRelease" ADD CONSTRAINT "FeedbackRelease_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRelease" ADD CONSTRAINT "FeedbackRelease_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRelease" ADD CONSTRAINT "FeedbackRelease_releasedById_fkey" FOREIGN KEY ("releasedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
