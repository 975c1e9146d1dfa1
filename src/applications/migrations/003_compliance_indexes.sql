-- The supervision dashboard (issue 15) reads applications open on a day
-- (not concluded by it: concluded_on IS NULL or after it) and the replies
-- of a year by their conclusion day, late ones and outcomes from the index
-- alone.
CREATE INDEX applications_concluded
  ON applications (concluded_on, unit_id, reply_type, due_on);
