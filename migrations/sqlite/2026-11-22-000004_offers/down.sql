DROP TABLE offer_rules;
DROP TABLE bargaining_disputes;
DROP TABLE bargaining_sessions;
DROP TABLE representatives;
DROP TABLE offers;
DROP TABLE campaigns;
