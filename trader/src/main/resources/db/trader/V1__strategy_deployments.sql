-- Trader+'s part of the relational database (docs/trader.md): strategies deployed to run forward
-- on live data. One script for the embedded H2 database and PostgreSQL. A deployment's orders and
-- fills are the EMS's (client order ids "s<id>-<n>"); this table keeps what to run and its state.
CREATE TABLE strategy_deployments (
    id          BIGINT         NOT NULL PRIMARY KEY,
    owner       VARCHAR(128)   NOT NULL,
    account     VARCHAR(64)    NOT NULL,
    strategy    VARCHAR(256)   NOT NULL,
    graph       VARCHAR(1000000),
    venue       VARCHAR(32)    NOT NULL,
    symbols     VARCHAR(2000)  NOT NULL,
    params      VARCHAR(100000) NOT NULL,
    state       VARCHAR(16)    NOT NULL,
    reason      VARCHAR(2000),
    created_at  BIGINT         NOT NULL,
    updated_at  BIGINT         NOT NULL
);
CREATE INDEX strategy_deployments_owner ON strategy_deployments (owner);
