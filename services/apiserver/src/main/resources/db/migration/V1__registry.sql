-- The registry: current objects, the change log that feeds watches, and the global revision.
--
-- Every write transaction first locks the single skiff_revision row, assigns the next revisions,
-- writes, and commits while still holding that lock. Revisions therefore become visible in strictly
-- increasing order across every API server sharing the database: a reader that has seen revision R
-- finds every later change with "revision > R" and never misses one that commits late.

CREATE TABLE skiff_revision (
    id        smallint PRIMARY KEY CHECK (id = 1),
    revision  bigint   NOT NULL,
    -- Changes at or below this revision have been removed from skiff_change.
    compacted bigint   NOT NULL
);
INSERT INTO skiff_revision (id, revision, compacted) VALUES (1, 1, 0);

CREATE TABLE skiff_object (
    resource  text   NOT NULL,  -- group-resource: "pods", "deployments.apps"
    namespace text   NOT NULL,  -- "" for cluster-scoped objects
    name      text   NOT NULL,
    revision  bigint NOT NULL,
    data      bytea  NOT NULL,  -- the object as JSON
    PRIMARY KEY (resource, namespace, name)
) WITH (fillfactor = 80);

CREATE TABLE skiff_change (
    revision  bigint   PRIMARY KEY,
    resource  text     NOT NULL,
    namespace text     NOT NULL,
    name      text     NOT NULL,
    type      smallint NOT NULL,  -- 1 ADDED, 2 MODIFIED, 3 DELETED
    data      bytea    NOT NULL,  -- the object after the change (for DELETED: its last state)
    prev_data bytea               -- the object before the change; lets a resumed watch apply selectors
);
