-- WebSocket connections (stream and replay together) one key may hold open at once.
ALTER TABLE plans ADD COLUMN ws_connections INTEGER DEFAULT 5 NOT NULL;
ALTER TABLE plans ADD CONSTRAINT plans_ws_connections_positive CHECK (ws_connections >= 1);

UPDATE plans SET ws_connections = 3 WHERE name = 'free';
UPDATE plans SET ws_connections = 25 WHERE name = 'pro';
UPDATE plans SET ws_connections = 200 WHERE name = 'enterprise';
