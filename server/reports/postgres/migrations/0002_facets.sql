-- The facets agents filter, count and export by (reports.Facets), beside
-- each report and indexed, filled in for the reports already stored from
-- their bodies. A body that is not JSON (or not UTF-8) leaves its facets
-- empty.
-- Ids compare byte by byte (COLLATE "C"), as everywhere else: a list's
-- order and its cursors do not depend on the database's locale.
ALTER TABLE reports ALTER COLUMN id TYPE text COLLATE "C";

ALTER TABLE reports
    ADD COLUMN top_finding     text   NOT NULL DEFAULT '',
    ADD COLUMN findings        text[] NOT NULL DEFAULT '{}',
    ADD COLUMN os              text   NOT NULL DEFAULT '',
    ADD COLUMN browser         text   NOT NULL DEFAULT '',
    ADD COLUMN in_app          text   NOT NULL DEFAULT '',
    ADD COLUMN clock_offset_ms bigint;

CREATE FUNCTION pg_temp.report_json(b bytea) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN convert_from(b, 'UTF8')::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

CREATE FUNCTION pg_temp.json_text(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(v) WHEN 'string' THEN v #>> '{}' ELSE '' END
$$;

UPDATE reports r SET
    findings = f.findings,
    top_finding = coalesce(f.findings[1], ''),
    os = pg_temp.json_text(b.j #> '{platform,os}'),
    browser = pg_temp.json_text(b.j #> '{platform,browser}'),
    in_app = pg_temp.json_text(b.j #> '{platform,in_app}'),
    clock_offset_ms = CASE
        WHEN b.j #>> '{clock,source}' IN ('time_api', 'date_header')
            AND jsonb_typeof(b.j #> '{clock,offset_ms}') = 'number'
            AND (b.j #>> '{clock,offset_ms}') ~ '^-?[0-9]{1,18}$'
        THEN (b.j #>> '{clock,offset_ms}')::bigint END
FROM (SELECT id, pg_temp.report_json(body) AS j FROM reports) b,
    LATERAL (SELECT ARRAY(
        SELECT e #>> '{}' FROM jsonb_array_elements(
            CASE jsonb_typeof(b.j -> 'findings') WHEN 'array' THEN b.j -> 'findings' ELSE '[]' END
        ) WITH ORDINALITY AS x(e, i)
        WHERE jsonb_typeof(e) = 'string' ORDER BY i) AS findings) f
WHERE r.id = b.id AND b.j IS NOT NULL;

-- A list is ordered by (created_at, id), newest first. Every combination
-- of the top finding, OS and app filters has an index that ends in
-- (created_at, id), so a filtered list walks its page in order instead of
-- checking rows that do not match.
DROP INDEX reports_created;
DROP INDEX reports_ticket;
CREATE INDEX reports_created ON reports (created_at, id);
CREATE INDEX reports_ticket ON reports (ticket, created_at, id) WHERE ticket <> '';
CREATE INDEX reports_top ON reports (top_finding, created_at, id);
CREATE INDEX reports_os ON reports (os, created_at, id);
CREATE INDEX reports_in_app ON reports (in_app, created_at, id);
CREATE INDEX reports_top_os ON reports (top_finding, os, created_at, id);
CREATE INDEX reports_top_in_app ON reports (top_finding, in_app, created_at, id);
CREATE INDEX reports_os_in_app ON reports (os, in_app, created_at, id);
CREATE INDEX reports_top_os_in_app ON reports (top_finding, os, in_app, created_at, id);
CREATE INDEX reports_code ON reports (support_code, created_at, id) WHERE support_code <> '';

-- Every finding of every report, at any rank: a list of the reports with
-- one finding walks it in order. The report's OS and app are copied here so
-- that a search for a finding on one system or in one app walks an index
-- of its own instead of looking up every report with the finding.
CREATE TABLE report_findings (
    finding    text        NOT NULL,
    created_at timestamptz NOT NULL,
    id         text        COLLATE "C" NOT NULL,
    os         text        NOT NULL DEFAULT '',
    in_app     text        NOT NULL DEFAULT '',
    PRIMARY KEY (finding, created_at, id)
);
INSERT INTO report_findings (finding, created_at, id, os, in_app)
    SELECT DISTINCT f, r.created_at, r.id, r.os, r.in_app FROM reports r, unnest(r.findings) f;
CREATE INDEX report_findings_os ON report_findings (finding, os, created_at, id);
CREATE INDEX report_findings_in_app ON report_findings (finding, in_app, created_at, id);

-- The reports per UTC hour by top finding and by OS, kept as reports are
-- put and purged: Stats reads these rows, not the reports. An upload counts
-- in one of eight shards (by its id's hash), so that concurrent uploads in
-- one hour rarely wait for each other's row; the hourly purge folds the
-- shards of past hours into shard 0, where the reports already stored are
-- counted.
CREATE TABLE report_counts (
    hour  timestamptz NOT NULL,
    facet text        NOT NULL CHECK (facet IN ('top', 'os')),
    value text        NOT NULL,
    shard smallint    NOT NULL,
    n     bigint      NOT NULL,
    PRIMARY KEY (hour, facet, value, shard)
);
INSERT INTO report_counts (hour, facet, value, shard, n)
    SELECT date_trunc('hour', created_at, 'UTC'), 'top', top_finding, 0, count(*)
    FROM reports GROUP BY 1, 3
    UNION ALL
    SELECT date_trunc('hour', created_at, 'UTC'), 'os', os, 0, count(*)
    FROM reports GROUP BY 1, 3;
