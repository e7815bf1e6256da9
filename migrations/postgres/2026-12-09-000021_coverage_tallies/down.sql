DROP TABLE coverage_tallies;
DROP TABLE coverage_counted;
