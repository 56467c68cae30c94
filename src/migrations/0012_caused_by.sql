-- The request a piece of background work descends from ("<traceparent> <request id>", see src/lib/cause.ts):
-- stored events and domain events hand it to escalations and jobs, whose log lines and spans then name it.
ALTER TABLE "events" ADD COLUMN "caused_by" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "caused_by" text;--> statement-breakpoint
ALTER TABLE "incident_escalations" ADD COLUMN "caused_by" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "caused_by" text;