-- Live trading (docs/ems.md, decision 026): a live account trades on one venue with one of its
-- owner's venue credentials (by name), and sends orders only while its owner has set its live flag.
ALTER TABLE trading_accounts ADD COLUMN venue VARCHAR(32);
ALTER TABLE trading_accounts ADD COLUMN credential VARCHAR(64);
ALTER TABLE trading_accounts ADD COLUMN live BOOLEAN DEFAULT FALSE NOT NULL;

-- A live fill carries the venue's trade id: booked once, however often the venue reports it (the
-- order's answer, a fills query, the private stream). Paper fills have none.
ALTER TABLE fills ADD COLUMN venue_trade_id VARCHAR(64);
CREATE UNIQUE INDEX fills_venue_trade ON fills (account_id, venue, symbol, venue_trade_id);
