CREATE TABLE "stream_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"outbox_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_pending" (
	"outbox_id" bigint PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stream_events_org_idx" ON "stream_events" USING btree ("org_id","seq");--> statement-breakpoint
-- Every domain event also waits to be numbered for the live stream (incident, alert and change events alike).
CREATE OR REPLACE FUNCTION "outbox_track_relay"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "outbox_relay" ("outbox_id", "org_id")
    SELECT "id", "org_id" FROM "inserted" WHERE "type" LIKE 'incident.%' OR "type" = 'change.created';
  INSERT INTO "stream_pending" ("outbox_id", "org_id") SELECT "id", "org_id" FROM "inserted";
  RETURN NULL;
END
$$;
