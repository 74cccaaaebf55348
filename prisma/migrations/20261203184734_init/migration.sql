-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('director', 'supervisor', 'street', 'district');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('male', 'female');

-- CreateEnum
CREATE TYPE "RegisterStatus" AS ENUM ('in_register', 'left');

-- CreateEnum
CREATE TYPE "LeaveReason" AS ENUM ('turned_18', 'no_category', 'died', 'moved_out', 'adopted');

-- CreateEnum
CREATE TYPE "ParentStatus" AS ENUM ('present', 'dead', 'missing', 'imprisoned', 'rehab', 'abandoned', 'severely_disabled', 'seriously_ill', 'unknown');

-- CreateEnum
CREATE TYPE "CategoryCode" AS ENUM ('C1a', 'C1b', 'C1c', 'C2a', 'C2b', 'C2c', 'C2d', 'C2e', 'C3a', 'C3b', 'C3c', 'C4a', 'C4b', 'C4c', 'C5a', 'C5b', 'C5c', 'C6a', 'C6b', 'C6c');

-- CreateEnum
CREATE TYPE "VisitKind" AS ENUM ('home', 'phone', 'spot_check');

-- CreateEnum
CREATE TYPE "ServiceType" AS ENUM ('counselling', 'legal_aid', 'tutoring', 'behaviour_correction', 'growth_education', 'interests', 'skills', 'resource_linking', 'guardian_assignment', 'respite', 'guardian_duties', 'family_relations', 'family_training', 'family_support', 'group_work', 'school_community', 'guardianship_intervention', 'assessment_help');

-- CreateEnum
CREATE TYPE "ServiceRecipient" AS ENUM ('child', 'family', 'other');

-- CreateEnum
CREATE TYPE "ResourceKind" AS ENUM ('one_to_one', 'donation', 'professional');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('received', 'reviewed', 'approved', 'refused');

-- CreateEnum
CREATE TYPE "UrgentStatus" AS ENUM ('open', 'acknowledged', 'closed');

-- CreateEnum
CREATE TYPE "InboundStatus" AS ENUM ('received', 'handled', 'failed');

-- CreateEnum
CREATE TYPE "ReplyChannel" AS ENUM ('passive', 'api', 'none');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "District" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "District_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Street" (
    "id" SERIAL NOT NULL,
    "districtId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Street_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Community" (
    "id" SERIAL NOT NULL,
    "streetId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Community_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Staff" (
    "id" SERIAL NOT NULL,
    "userid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "streetId" INTEGER,
    "communityId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Child" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "sex" "Sex" NOT NULL,
    "birthDate" DATE NOT NULL,
    "streetId" INTEGER NOT NULL,
    "communityId" INTEGER NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "directorId" INTEGER,
    "registerStatus" "RegisterStatus" NOT NULL DEFAULT 'in_register',
    "leftOn" DATE,
    "leftReason" "LeaveReason",
    "leftNote" TEXT,
    "fatherStatus" "ParentStatus" NOT NULL DEFAULT 'unknown',
    "motherStatus" "ParentStatus" NOT NULL DEFAULT 'unknown',
    "fatherStatusSince" DATE,
    "motherStatusSince" DATE,
    "parentNote" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Child_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Guardian" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "phone" TEXT NOT NULL DEFAULT '',
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "endedOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Guardian_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChildCategory" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER NOT NULL,
    "code" "CategoryCode" NOT NULL,
    "evidence" TEXT NOT NULL DEFAULT '',
    "startsOn" DATE NOT NULL,
    "evidenceUntil" DATE,
    "endedOn" DATE,
    "confirmedById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChildCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER NOT NULL,
    "assessedOn" DATE NOT NULL,
    "assessorId" INTEGER NOT NULL,
    "tier" INTEGER NOT NULL,
    "guardianshipNote" TEXT NOT NULL DEFAULT '',
    "physicalNote" TEXT NOT NULL DEFAULT '',
    "behaviourNote" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProtectionPeriod" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "startOn" DATE NOT NULL,
    "reviewOn" DATE,
    "endedOn" DATE,
    "assessmentId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProtectionPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER NOT NULL,
    "visitedOn" DATE NOT NULL,
    "staffId" INTEGER NOT NULL,
    "kind" "VisitKind" NOT NULL,
    "childSeen" BOOLEAN NOT NULL DEFAULT true,
    "notes" TEXT NOT NULL DEFAULT '',
    "voidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceSession" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER NOT NULL,
    "servedOn" DATE NOT NULL,
    "staffId" INTEGER NOT NULL,
    "type" "ServiceType" NOT NULL,
    "recipient" "ServiceRecipient" NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "voidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceLink" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "kind" "ResourceKind" NOT NULL,
    "startOn" DATE NOT NULL,
    "endedOn" DATE,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResourceLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubsidyApplication" (
    "id" SERIAL NOT NULL,
    "streetId" INTEGER NOT NULL,
    "childId" INTEGER,
    "applicantName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "category" "CategoryCode" NOT NULL,
    "receivedOn" DATE NOT NULL,
    "status" "ApplicationStatus" NOT NULL DEFAULT 'received',
    "payFromMonth" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubsidyApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationStep" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "status" "ApplicationStatus" NOT NULL,
    "byId" INTEGER NOT NULL,
    "on" DATE NOT NULL,
    "result" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubsidyPayment" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "amount" DECIMAL(10,2) NOT NULL,
    "category" "CategoryCode" NOT NULL,
    "paidOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubsidyPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentBatch" (
    "id" SERIAL NOT NULL,
    "streetId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "paidOn" DATE NOT NULL,
    "late" BOOLEAN NOT NULL,
    "children" INTEGER NOT NULL,
    "total" DECIMAL(12,2) NOT NULL,
    "recordedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuarterlyForecast" (
    "id" SERIAL NOT NULL,
    "streetId" INTEGER NOT NULL,
    "quarter" TEXT NOT NULL,
    "children" INTEGER NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "submittedOn" DATE NOT NULL,
    "submittedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuarterlyForecast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UrgentReport" (
    "id" SERIAL NOT NULL,
    "childId" INTEGER,
    "childName" TEXT NOT NULL,
    "reporterId" INTEGER NOT NULL,
    "reportedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "content" TEXT NOT NULL,
    "status" "UrgentStatus" NOT NULL DEFAULT 'open',
    "closedAt" TIMESTAMPTZ(3),
    "closedById" INTEGER,
    "closingNote" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "UrgentReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" BIGSERIAL NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "fromUser" TEXT NOT NULL,
    "msgType" TEXT NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "InboundStatus" NOT NULL DEFAULT 'received',
    "command" TEXT,
    "reply" TEXT,
    "replyVia" "ReplyChannel",
    "replySentAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "body" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "via" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "District_name_key" ON "District"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Street_districtId_name_key" ON "Street"("districtId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Community_streetId_name_key" ON "Community"("streetId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_userid_key" ON "Staff"("userid");

-- CreateIndex
CREATE INDEX "Staff_role_active_idx" ON "Staff"("role", "active");

-- CreateIndex
CREATE INDEX "Staff_streetId_idx" ON "Staff"("streetId");

-- CreateIndex
CREATE UNIQUE INDEX "Child_idNumber_key" ON "Child"("idNumber");

-- CreateIndex
CREATE INDEX "Child_streetId_registerStatus_idx" ON "Child"("streetId", "registerStatus");

-- CreateIndex
CREATE INDEX "Child_directorId_registerStatus_idx" ON "Child"("directorId", "registerStatus");

-- CreateIndex
CREATE INDEX "Child_name_idx" ON "Child"("name");

-- CreateIndex
CREATE INDEX "Guardian_childId_idx" ON "Guardian"("childId");

-- CreateIndex
CREATE INDEX "ChildCategory_childId_idx" ON "ChildCategory"("childId");

-- CreateIndex
CREATE INDEX "Assessment_childId_assessedOn_idx" ON "Assessment"("childId", "assessedOn");

-- CreateIndex
CREATE UNIQUE INDEX "ProtectionPeriod_assessmentId_key" ON "ProtectionPeriod"("assessmentId");

-- CreateIndex
CREATE INDEX "ProtectionPeriod_childId_startOn_idx" ON "ProtectionPeriod"("childId", "startOn");

-- CreateIndex
CREATE INDEX "Visit_childId_visitedOn_idx" ON "Visit"("childId", "visitedOn");

-- CreateIndex
CREATE INDEX "ServiceSession_childId_servedOn_idx" ON "ServiceSession"("childId", "servedOn");

-- CreateIndex
CREATE INDEX "ResourceLink_childId_idx" ON "ResourceLink"("childId");

-- CreateIndex
CREATE INDEX "SubsidyApplication_streetId_status_idx" ON "SubsidyApplication"("streetId", "status");

-- CreateIndex
CREATE INDEX "ApplicationStep_applicationId_idx" ON "ApplicationStep"("applicationId");

-- CreateIndex
CREATE INDEX "SubsidyPayment_month_idx" ON "SubsidyPayment"("month");

-- CreateIndex
CREATE UNIQUE INDEX "SubsidyPayment_childId_month_key" ON "SubsidyPayment"("childId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentBatch_streetId_month_key" ON "PaymentBatch"("streetId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "QuarterlyForecast_streetId_quarter_key" ON "QuarterlyForecast"("streetId", "quarter");

-- CreateIndex
CREATE INDEX "UrgentReport_status_reportedAt_idx" ON "UrgentReport"("status", "reportedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_dedupKey_key" ON "InboundMessage"("dedupKey");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_key_key" ON "Delivery"("key");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AuditEntry_entity_entityId_idx" ON "AuditEntry"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- AddForeignKey
ALTER TABLE "Street" ADD CONSTRAINT "Street_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Community" ADD CONSTRAINT "Community_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Staff" ADD CONSTRAINT "Staff_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Staff" ADD CONSTRAINT "Staff_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Child" ADD CONSTRAINT "Child_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Child" ADD CONSTRAINT "Child_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Child" ADD CONSTRAINT "Child_directorId_fkey" FOREIGN KEY ("directorId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Guardian" ADD CONSTRAINT "Guardian_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChildCategory" ADD CONSTRAINT "ChildCategory_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChildCategory" ADD CONSTRAINT "ChildCategory_confirmedById_fkey" FOREIGN KEY ("confirmedById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_assessorId_fkey" FOREIGN KEY ("assessorId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectionPeriod" ADD CONSTRAINT "ProtectionPeriod_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectionPeriod" ADD CONSTRAINT "ProtectionPeriod_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceSession" ADD CONSTRAINT "ServiceSession_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceSession" ADD CONSTRAINT "ServiceSession_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyApplication" ADD CONSTRAINT "SubsidyApplication_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyApplication" ADD CONSTRAINT "SubsidyApplication_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationStep" ADD CONSTRAINT "ApplicationStep_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "SubsidyApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationStep" ADD CONSTRAINT "ApplicationStep_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyPayment" ADD CONSTRAINT "SubsidyPayment_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentBatch" ADD CONSTRAINT "PaymentBatch_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentBatch" ADD CONSTRAINT "PaymentBatch_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuarterlyForecast" ADD CONSTRAINT "QuarterlyForecast_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuarterlyForecast" ADD CONSTRAINT "QuarterlyForecast_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrgentReport" ADD CONSTRAINT "UrgentReport_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrgentReport" ADD CONSTRAINT "UrgentReport_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrgentReport" ADD CONSTRAINT "UrgentReport_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

