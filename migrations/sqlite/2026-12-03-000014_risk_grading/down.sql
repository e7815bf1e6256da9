DROP TABLE risk_grades;
DROP TABLE risk_rule_sets;
DROP TABLE risk_signals;
