-- REST requests let through per API key (or browser session, s-<id>) and UTC day, added to by
-- every process that serves the APIs (each flushes what it counted every few seconds). Rows older
-- than the retention are deleted by the flushes.
CREATE TABLE key_usage (
    key_id     VARCHAR(64)  NOT NULL,
    usage_day  DATE         NOT NULL,
    user_name  VARCHAR(254) NOT NULL,
    requests   BIGINT       NOT NULL,
    PRIMARY KEY (key_id, usage_day)
);

CREATE INDEX key_usage_user ON key_usage (user_name, usage_day);
