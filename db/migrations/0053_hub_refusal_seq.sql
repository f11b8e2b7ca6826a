-- The station sequence number of a refused change, so the hub can tell a station which of its numbers went
-- to changes it refused (GET /v1/own): those are not numbers to give away again after a restore.
ALTER TABLE hub_refusals ADD COLUMN station_seq INTEGER;
CREATE INDEX hub_refusals_station_seq ON hub_refusals (station, station_seq) WHERE station_seq IS NOT NULL;
