-- Values handed out from the cluster-wide pools Services draw on: cluster IPs ("serviceips") and node
-- ports ("servicenodeports"). The primary key is what makes an allocation exclusive: a row is written
-- in the same transaction as the Service that holds the value, so two API servers on one database can
-- never hand out the same value, a failed write leaves nothing behind, and a delete gives the value
-- back atomically.
CREATE TABLE skiff_allocation (
    pool  text NOT NULL,
    value text NOT NULL,  -- "10.96.0.1", "30080"
    owner text NOT NULL,  -- metadata.uid of the Service holding it
    PRIMARY KEY (pool, value)
);

-- Services stored before allocations were recorded keep what they hold.
INSERT INTO skiff_allocation (pool, value, owner)
SELECT 'serviceips', s.obj -> 'spec' ->> 'clusterIP', s.obj -> 'metadata' ->> 'uid'
FROM (SELECT convert_from(data, 'UTF8')::jsonb AS obj FROM skiff_object WHERE resource = 'services') s
WHERE coalesce(s.obj -> 'spec' ->> 'clusterIP', '') NOT IN ('', 'None')
ON CONFLICT DO NOTHING;

INSERT INTO skiff_allocation (pool, value, owner)
SELECT 'servicenodeports', p.port ->> 'nodePort', s.obj -> 'metadata' ->> 'uid'
FROM (SELECT convert_from(data, 'UTF8')::jsonb AS obj FROM skiff_object WHERE resource = 'services') s,
     jsonb_array_elements(coalesce(s.obj -> 'spec' -> 'ports', '[]'::jsonb)) AS p(port)
WHERE coalesce((p.port ->> 'nodePort')::int, 0) > 0
ON CONFLICT DO NOTHING;

INSERT INTO skiff_allocation (pool, value, owner)
SELECT 'servicenodeports', s.obj -> 'spec' ->> 'healthCheckNodePort', s.obj -> 'metadata' ->> 'uid'
FROM (SELECT convert_from(data, 'UTF8')::jsonb AS obj FROM skiff_object WHERE resource = 'services') s
WHERE coalesce((s.obj -> 'spec' ->> 'healthCheckNodePort')::int, 0) > 0
ON CONFLICT DO NOTHING;
