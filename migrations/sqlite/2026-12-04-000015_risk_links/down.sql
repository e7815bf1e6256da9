DROP INDEX risk_cases_merged_into;
DROP TABLE risk_case_links;
