DROP TABLE layoff_posts;
DROP TABLE layoff_workers;
DROP TABLE layoff_plan_revisions;
DROP TABLE layoff_plans;
DROP TABLE layoff_rules;
