-- AlterTable
ALTER TABLE "SubsidyApplication" ADD COLUMN     "communityId" INTEGER,
ADD COLUMN     "note" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "SubsidyRate" (
    "id" SERIAL NOT NULL,
    "category" TEXT NOT NULL,
    "fromMonth" DATE NOT NULL,
    "amount" DECIMAL(10,2) NOT NULL,
    "setById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubsidyRate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SubsidyRate_category_fromMonth_key" ON "SubsidyRate"("category", "fromMonth");

-- CreateIndex
CREATE INDEX "SubsidyApplication_idNumber_idx" ON "SubsidyApplication"("idNumber");

-- AddForeignKey
ALTER TABLE "SubsidyApplication" ADD CONSTRAINT "SubsidyApplication_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubsidyRate" ADD CONSTRAINT "SubsidyRate_setById_fkey" FOREIGN KEY ("setById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

