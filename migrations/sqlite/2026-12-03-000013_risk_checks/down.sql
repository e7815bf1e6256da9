DROP TABLE bulletin_authorizations;
DROP TABLE risk_bulletins;
DROP TABLE rectification_items;
DROP TABLE health_check_findings;
DROP TABLE health_check_visitors;
DROP TABLE health_checks;
