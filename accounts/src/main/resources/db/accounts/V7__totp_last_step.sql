-- The last 30-second step whose second-factor code was accepted: a code is taken once, so one seen
-- over a shoulder or in a proxy's log cannot sign in again within its window.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT DEFAULT 0 NOT NULL;
