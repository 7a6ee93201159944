-- An order's transitions live in its own row, as a JSON array of [status, filled, time, reason]
-- (time in epoch microseconds UTC): one row written per order and change instead of one more per
-- transition, the cheapest journal per order (docs/decisions/022). order_events keeps the
-- transitions of orders journaled before this version.
ALTER TABLE orders ADD COLUMN transitions VARCHAR(1000000);
