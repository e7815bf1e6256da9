DROP INDEX offers_visibility;
