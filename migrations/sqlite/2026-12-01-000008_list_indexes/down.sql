DROP INDEX deadlines_ledger;
DROP INDEX organizations_employer;
DROP INDEX offers_visibility;
