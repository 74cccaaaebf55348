-- AlterTable
ALTER TABLE "Child" ADD COLUMN     "idTail" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "nameInitials" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "voidedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ProtectionPeriod" ADD COLUMN     "voidedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ResourceLink" ADD COLUMN     "voidedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ChatPending" (
    "userid" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "choices" INTEGER[],
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatPending_pkey" PRIMARY KEY ("userid")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "runner" TEXT NOT NULL,
    "summary" JSONB,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_day_key" ON "JobRun"("job", "day");

-- CreateIndex
CREATE INDEX "Child_nameInitials_idx" ON "Child"("nameInitials");

-- CreateIndex
CREATE INDEX "Child_idTail_idx" ON "Child"("idTail");

