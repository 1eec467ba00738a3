-- The peer practice loop (issue 15): scheduling with calendar updates, an
-- email outbox, room visits, matching by availability, reliability, the
-- candidate's rating of their interviewer, and re-practice reminders.

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('queued', 'sending', 'sent', 'failed');

-- CreateEnum
CREATE TYPE "FirstRole" AS ENUM ('interviewer', 'candidate', 'either');

-- CreateEnum
CREATE TYPE "AvailabilityStatus" AS ENUM ('open', 'matched', 'cancelled');

-- CreateEnum
CREATE TYPE "ReliabilityKind" AS ENUM ('attended', 'late_cancel', 'no_show');

-- AlterTable
ALTER TABLE "Interview" ADD COLUMN "cancelledAt" TIMESTAMP(3),
ADD COLUMN "calendarSequence" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "previousRoundId" TEXT;

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "userId" TEXT,
    "toEmail" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "ics" TEXT,
    "icsMethod" TEXT,
    "interviewId" TEXT,
    "status" "EmailStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoomVisit" (
    "interviewId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "firstJoinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastJoinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoomVisit_pkey" PRIMARY KEY ("interviewId","userId")
);

-- CreateTable
CREATE TABLE "AvailabilityRequest" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "domains" TEXT[],
    "firstRole" "FirstRole" NOT NULL DEFAULT 'either',
    "timeZone" TEXT NOT NULL,
    "status" "AvailabilityStatus" NOT NULL DEFAULT 'open',
    "interviewId" TEXT,
    "matchedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AvailabilityRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AvailabilitySlot" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AvailabilitySlot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReliabilityEvent" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "kind" "ReliabilityKind" NOT NULL,
    "reportedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReliabilityEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterviewerRating" (
    "id" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "raterId" TEXT NOT NULL,
    "interviewerId" TEXT NOT NULL,
    "clarity" INTEGER NOT NULL,
    "hints" INTEGER NOT NULL,
    "feedback" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InterviewerRating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RepracticeReminder" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "interviewId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "dayOffset" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RepracticeReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Interview_previousRoundId_key" ON "Interview"("previousRoundId");

-- CreateIndex
CREATE INDEX "Interview_scheduledAt_idx" ON "Interview"("scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_dedupeKey_key" ON "EmailMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "EmailMessage_status_createdAt_idx" ON "EmailMessage"("status", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_interviewId_idx" ON "EmailMessage"("interviewId");

-- CreateIndex
CREATE INDEX "AvailabilityRequest_status_level_idx" ON "AvailabilityRequest"("status", "level");

-- CreateIndex
CREATE INDEX "AvailabilityRequest_userId_status_idx" ON "AvailabilityRequest"("userId", "status");

-- One open request per user, so matching never books someone twice over.
-- Prisma cannot express a partial index; the schema's comment points here.
CREATE UNIQUE INDEX "AvailabilityRequest_one_open_per_user" ON "AvailabilityRequest"("userId") WHERE "status" = 'open';

-- CreateIndex
CREATE INDEX "AvailabilitySlot_requestId_idx" ON "AvailabilitySlot"("requestId");

-- CreateIndex
CREATE INDEX "AvailabilitySlot_startsAt_endsAt_idx" ON "AvailabilitySlot"("startsAt", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReliabilityEvent_userId_interviewId_kind_key" ON "ReliabilityEvent"("userId", "interviewId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "InterviewerRating_interviewId_raterId_interviewerId_key" ON "InterviewerRating"("interviewId", "raterId", "interviewerId");

-- CreateIndex
CREATE INDEX "InterviewerRating_interviewerId_idx" ON "InterviewerRating"("interviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "RepracticeReminder_userId_interviewId_dayOffset_key" ON "RepracticeReminder"("userId", "interviewId", "dayOffset");

-- CreateIndex
CREATE INDEX "RepracticeReminder_userId_dueAt_idx" ON "RepracticeReminder"("userId", "dueAt");

-- AddForeignKey
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_previousRoundId_fkey" FOREIGN KEY ("previousRoundId") REFERENCES "Interview"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomVisit" ADD CONSTRAINT "RoomVisit_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomVisit" ADD CONSTRAINT "RoomVisit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvailabilityRequest" ADD CONSTRAINT "AvailabilityRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvailabilityRequest" ADD CONSTRAINT "AvailabilityRequest_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvailabilitySlot" ADD CONSTRAINT "AvailabilitySlot_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AvailabilityRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReliabilityEvent" ADD CONSTRAINT "ReliabilityEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReliabilityEvent" ADD CONSTRAINT "ReliabilityEvent_reportedById_fkey" FOREIGN KEY ("reportedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReliabilityEvent" ADD CONSTRAINT "ReliabilityEvent_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewerRating" ADD CONSTRAINT "InterviewerRating_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewerRating" ADD CONSTRAINT "InterviewerRating_raterId_fkey" FOREIGN KEY ("raterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewerRating" ADD CONSTRAINT "InterviewerRating_interviewerId_fkey" FOREIGN KEY ("interviewerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepracticeReminder" ADD CONSTRAINT "RepracticeReminder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepracticeReminder" ADD CONSTRAINT "RepracticeReminder_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;
