DROP TABLE agreement_rules;
DROP TABLE agreement_reviews;
DROP TABLE workers_congress_votes;
DROP TABLE agreement_comments;
DROP TABLE agreement_versions;
DROP TABLE agreement_employers;
DROP TABLE agreements;
