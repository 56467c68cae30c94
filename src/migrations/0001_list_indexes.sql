DROP INDEX "api_keys_org_idx";--> statement-breakpoint
CREATE INDEX "api_keys_user_idx" ON "api_keys" USING btree ("org_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "events_service_id_idx" ON "events" USING btree ("org_id","service_id","id");