DROP TABLE calendar_days;
DROP TABLE deadline_organizations;
DROP TABLE deadlines;
DROP TABLE notification_preferences;
DROP TABLE notifications;
DROP TABLE event_organizations;
DROP TABLE events;
