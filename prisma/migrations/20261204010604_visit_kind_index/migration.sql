-- CreateIndex
CREATE INDEX "Visit_kind_visitedOn_idx" ON "Visit"("kind", "visitedOn");

