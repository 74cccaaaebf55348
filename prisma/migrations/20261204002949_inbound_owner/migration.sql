-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "owner" TEXT,
ADD COLUMN     "wroteAt" TIMESTAMPTZ(3);

