ALTER TABLE "outbox" ADD COLUMN "relayed_at" timestamp with time zone;--> statement-breakpoint
-- What happened before the relay existed was handled when it happened.
UPDATE "outbox" SET "relayed_at" = "created_at";--> statement-breakpoint
CREATE INDEX "outbox_unrelayed_idx" ON "outbox" USING btree ("id") WHERE relayed_at is null and type in ('incident.acknowledged', 'incident.resolved');