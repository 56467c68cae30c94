DROP INDEX "events_service_outcome_idx";--> statement-breakpoint
DROP INDEX "incidents_org_severity_created_idx";