-- R5.1: the first month paid for a child who came with the register of the district.
ALTER TABLE "Child" ADD COLUMN     "subsidyFrom" DATE;

-- The street that paid a month: rows recorded before this column are given the street the child is in now
-- (children could not change street through chat before this migration).
ALTER TABLE "SubsidyPayment" ADD COLUMN     "streetId" INTEGER;
UPDATE "SubsidyPayment" p SET "streetId" = c."streetId" FROM "Child" c WHERE c.id = p."childId";
ALTER TABLE "SubsidyPayment" ALTER COLUMN "streetId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "SubsidyPayment_streetId_month_idx" ON "SubsidyPayment"("streetId", "month");

-- AddForeignKey
ALTER TABLE "SubsidyPayment" ADD CONSTRAINT "SubsidyPayment_streetId_fkey" FOREIGN KEY ("streetId") REFERENCES "Street"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- R5.1: at most one application in progress per ID number, whoever files it and however fast
-- (a partial index, not expressible in the Prisma schema, so written by hand).
CREATE UNIQUE INDEX "SubsidyApplication_open_idNumber_key" ON "SubsidyApplication"("idNumber")
  WHERE status IN ('received', 'reviewed');
