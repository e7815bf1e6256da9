DROP TABLE wage_rates;
