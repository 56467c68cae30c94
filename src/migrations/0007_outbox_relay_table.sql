CREATE TABLE "outbox_relay" (
	"outbox_id" bigint PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL
);
--> statement-breakpoint
-- Events not relayed yet move to the new table; the rest were relayed.
INSERT INTO "outbox_relay" ("outbox_id", "org_id")
  SELECT "id", "org_id" FROM "outbox" WHERE "relayed_at" IS NULL AND ("type" LIKE 'incident.%' OR "type" = 'change.created');--> statement-breakpoint
DROP INDEX "outbox_unrelayed_idx";--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "relayed_at";--> statement-breakpoint
-- Whoever writes an incident or change event (the fold, incident commands, the escalation engine), it is relayed.
-- One statement per insert (a transition table), so a fold pass of hundreds of events costs one more statement.
CREATE FUNCTION "outbox_track_relay"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "outbox_relay" ("outbox_id", "org_id")
    SELECT "id", "org_id" FROM "inserted" WHERE "type" LIKE 'incident.%' OR "type" = 'change.created';
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "outbox_track_relay" AFTER INSERT ON "outbox" REFERENCING NEW TABLE AS "inserted"
  FOR EACH STATEMENT EXECUTE FUNCTION "outbox_track_relay"();
