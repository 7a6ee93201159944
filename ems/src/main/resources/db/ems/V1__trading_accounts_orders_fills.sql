-- The EMS's part of the relational database (docs/ems.md), beside the accounts tables: one script
-- for the embedded H2 database and PostgreSQL. Prices, quantities and amounts are exact decimals.

-- A trading account belongs to a user (the accounts service's user name); kind paper, or a venue
-- account for live trading. The name is unique per owner.
CREATE TABLE trading_accounts (
    id           BIGINT       NOT NULL PRIMARY KEY,
    owner        VARCHAR(128) NOT NULL,
    name         VARCHAR(64)  NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    killed       BOOLEAN      NOT NULL,
    kill_reason  VARCHAR(256),
    CONSTRAINT trading_accounts_owner_name UNIQUE (owner, name)
);

-- Cash per asset.
CREATE TABLE balances (
    account_id  BIGINT         NOT NULL,
    asset       VARCHAR(32)    NOT NULL,
    amount      DECIMAL(38,18) NOT NULL,
    PRIMARY KEY (account_id, asset)
);

-- Positions per instrument: signed quantity, average entry price, realised profit, fees, funding.
CREATE TABLE positions (
    account_id  BIGINT         NOT NULL,
    venue       VARCHAR(32)    NOT NULL,
    symbol      VARCHAR(64)    NOT NULL,
    quantity    DECIMAL(38,18) NOT NULL,
    avg_price   DECIMAL(38,18) NOT NULL,
    realized    DECIMAL(38,18) NOT NULL,
    fees        DECIMAL(38,18) NOT NULL,
    funding     DECIMAL(38,18) NOT NULL,
    PRIMARY KEY (account_id, venue, symbol)
);

-- Orders: the request as accepted and where the order stands. client_order_id is unique per
-- account; request_digest tells a repeated submit (the same order) from a conflicting one.
CREATE TABLE orders (
    id               BIGINT         NOT NULL PRIMARY KEY,
    account_id       BIGINT         NOT NULL,
    client_order_id  VARCHAR(64)    NOT NULL,
    request_digest   VARCHAR(64)    NOT NULL,
    venue            VARCHAR(32)    NOT NULL,
    symbol           VARCHAR(64)    NOT NULL,
    side             VARCHAR(4)     NOT NULL,
    order_type       VARCHAR(16)    NOT NULL,
    time_in_force    VARCHAR(4)     NOT NULL,
    post_only        BOOLEAN        NOT NULL,
    reduce_only      BOOLEAN        NOT NULL,
    quantity         DECIMAL(38,18) NOT NULL,
    limit_price      DECIMAL(38,18),
    stop_price       DECIMAL(38,18),
    status           VARCHAR(20)    NOT NULL,
    filled           DECIMAL(38,18) NOT NULL,
    avg_price        DECIMAL(38,18),
    fees             DECIMAL(38,18) NOT NULL,
    reason           VARCHAR(256),
    tag              VARCHAR(64),
    created_at       BIGINT         NOT NULL,
    updated_at       BIGINT         NOT NULL,
    CONSTRAINT orders_client_id UNIQUE (account_id, client_order_id)
);

CREATE INDEX orders_account_status ON orders (account_id, status);

-- Every transition of every order, in order: seq counts from 1 per order. Times are epoch
-- microseconds UTC (the EMS clock: the receive time of the market data the venue acted on).
CREATE TABLE order_events (
    order_id  BIGINT         NOT NULL,
    seq       INTEGER        NOT NULL,
    status    VARCHAR(20)    NOT NULL,
    filled    DECIMAL(38,18) NOT NULL,
    reason    VARCHAR(256),
    at        BIGINT         NOT NULL,
    PRIMARY KEY (order_id, seq)
);

CREATE TABLE fills (
    id          BIGINT         NOT NULL PRIMARY KEY,
    order_id    BIGINT         NOT NULL,
    account_id  BIGINT         NOT NULL,
    venue       VARCHAR(32)    NOT NULL,
    symbol      VARCHAR(64)    NOT NULL,
    side        VARCHAR(4)     NOT NULL,
    price       DECIMAL(38,18) NOT NULL,
    quantity    DECIMAL(38,18) NOT NULL,
    fee         DECIMAL(38,18) NOT NULL,
    fee_asset   VARCHAR(32)    NOT NULL,
    liquidity   VARCHAR(5)     NOT NULL,
    at          BIGINT         NOT NULL
);

CREATE INDEX fills_account_at ON fills (account_id, at);

-- Risk limits of an account; a null column takes the default of the configuration (ems.risk).
CREATE TABLE risk_limits (
    account_id          BIGINT         NOT NULL PRIMARY KEY,
    max_order_quantity  DECIMAL(38,18),
    max_order_notional  DECIMAL(38,18),
    max_position        DECIMAL(38,18),
    max_open_orders     INTEGER,
    orders_per_second   INTEGER,
    price_band          DECIMAL(38,18)
);

-- EMS-wide switches: the global kill switch.
CREATE TABLE ems_settings (
    name           VARCHAR(64)  NOT NULL PRIMARY KEY,
    setting_value  VARCHAR(256) NOT NULL
);
