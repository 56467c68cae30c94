ALTER TABLE "outbox_relay" ADD COLUMN "caused_by" text;--> statement-breakpoint
-- Events waiting to be relayed take their cause along.
UPDATE "outbox_relay" SET "caused_by" = "outbox"."caused_by" FROM "outbox" WHERE "outbox"."id" = "outbox_relay"."outbox_id";--> statement-breakpoint
-- The relay reads this table alone (the function is 0008's, with the cause added): joined to `outbox` for the cause, the planner merged with every event ever written.
CREATE OR REPLACE FUNCTION "outbox_track_relay"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "outbox_relay" ("outbox_id", "org_id", "caused_by")
    SELECT "id", "org_id", "caused_by" FROM "inserted" WHERE "type" LIKE 'incident.%' OR "type" = 'change.created';
  INSERT INTO "stream_pending" ("outbox_id", "org_id") SELECT "id", "org_id" FROM "inserted";
  RETURN NULL;
END
$$;
