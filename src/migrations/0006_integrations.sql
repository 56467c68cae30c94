DROP INDEX "outbox_unrelayed_idx";--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "sealed_secrets" text;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Events written before their types were relayed are history: nothing reacts to them now.
UPDATE "outbox" SET "relayed_at" = "created_at" WHERE "relayed_at" IS NULL AND "type" NOT IN ('incident.acknowledged', 'incident.resolved');--> statement-breakpoint
CREATE INDEX "outbox_unrelayed_idx" ON "outbox" USING btree ("id") WHERE relayed_at is null and (type like 'incident.%' or type = 'change.created');