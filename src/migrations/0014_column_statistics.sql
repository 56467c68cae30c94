-- No statistics for large columns no query filters, joins or sorts by. ANALYZE read and summarised them on every
-- run: on the embedded store a run holds up every write (the events table's took 60-75 ms under a storm, with
-- 1 KB payloads), and PostgreSQL's autoanalyze pays the same. Plans never used them.
ALTER TABLE "events" ALTER COLUMN "payload" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "custom_details" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "links" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "images" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "changes" ALTER COLUMN "custom_details" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "changes" ALTER COLUMN "links" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "data" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "incident_log" ALTER COLUMN "message" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "jobs" ALTER COLUMN "data" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "mail_outbox" ALTER COLUMN "text" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "mail_outbox" ALTER COLUMN "html" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "mail_outbox" ALTER COLUMN "headers" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "incident_escalations" ALTER COLUMN "levels" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "notification_attempts" ALTER COLUMN "detail" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ALTER COLUMN "response_body" SET STATISTICS 0;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "details" SET STATISTICS 0;
