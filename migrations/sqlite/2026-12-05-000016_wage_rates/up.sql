-- The wage rates of a region and year that severance turns on (LCL
-- Art. 47, 实施条例 Art. 27), in fen, set by the labour administration: the
-- monthly minimum wage of the year, and the average monthly wage the year
-- published (used for terminations of the year after). The nearest region
-- up the chain that sets a rate decides.
CREATE TABLE wage_rates (
    region_id INTEGER NOT NULL REFERENCES regions (id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    minimum_wage INTEGER CHECK (minimum_wage > 0),
    average_wage INTEGER CHECK (average_wage > 0),
    set_by_id INTEGER NOT NULL REFERENCES organizations (id),
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT wage_rates_key PRIMARY KEY (region_id, year),
    CHECK (minimum_wage IS NOT NULL OR average_wage IS NOT NULL)
);
