DROP TABLE harmony_titles;
DROP TABLE evaluation_links;
DROP TABLE evaluation_surveys;
DROP TABLE evaluation_scores;
DROP TABLE bargaining_evaluations;
DROP TABLE evaluation_guides;
