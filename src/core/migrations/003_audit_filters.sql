-- The audit log's filters (issue 14): by person and by action, newest first,
-- and the lists of names and actions the filter offers (SELECT DISTINCT).
CREATE INDEX audit_log_user_name ON audit_log (user_name, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
