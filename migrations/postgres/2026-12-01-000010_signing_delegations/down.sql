ALTER TABLE agreements DROP COLUMN employer_signed_delegation;
ALTER TABLE agreements DROP COLUMN workers_signed_delegation;
