-- The State Council holiday notices the city office loaded. A year with a
-- row is confirmed: its days off and make-up working days are exactly its
-- calendar_days. Any other year counts its statutory holidays
-- (全国年节及纪念日放假办法) provisionally.
CREATE TABLE holiday_notices (
    year INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
