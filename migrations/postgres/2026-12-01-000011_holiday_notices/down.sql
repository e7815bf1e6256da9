DROP TABLE holiday_notices;
