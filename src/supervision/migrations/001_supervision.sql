-- The 附件3 work-task tracker. Takes the tasks over from org (001_org.sql
-- made `tasks` and `task_guiding_units`): their rows are copied here, with
-- the responsible units resolved from the 责任单位 text, and org's tables
-- dropped, so the tasks live in one place.
CREATE TABLE supervision_tasks (
  id {{id}},
  seq INTEGER UNIQUE,
  title TEXT NOT NULL,
  details TEXT NOT NULL,
  responsible TEXT NOT NULL DEFAULT '',
  guiding TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

-- role: responsible | guiding
CREATE TABLE supervision_task_units (
  task_id INTEGER NOT NULL REFERENCES supervision_tasks(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  role TEXT NOT NULL,
  PRIMARY KEY (task_id, unit_id, role)
);
CREATE INDEX supervision_task_units_unit ON supervision_task_units (unit_id);

CREATE TABLE supervision_milestones (
  id {{id}},
  task_id INTEGER NOT NULL REFERENCES supervision_tasks(id),
  title TEXT NOT NULL,
  due_on TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  done_on TEXT,
  done_report_id INTEGER
);
CREATE INDEX supervision_milestones_task ON supervision_milestones (task_id);

-- status: submitted | accepted | returned
CREATE TABLE supervision_reports (
  id {{id}},
  task_id INTEGER NOT NULL REFERENCES supervision_tasks(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  milestone_id INTEGER REFERENCES supervision_milestones(id),
  marks_done INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supervision_reports_task ON supervision_reports (task_id);

-- kind: record | catalog | page | file
CREATE TABLE supervision_evidence (
  id {{id}},
  report_id INTEGER NOT NULL REFERENCES supervision_reports(id),
  kind TEXT NOT NULL,
  record_id INTEGER,
  domain_id INTEGER,
  version INTEGER,
  path TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX supervision_evidence_report ON supervision_evidence (report_id);

INSERT INTO supervision_tasks (seq, title, details, responsible, guiding,
                               created_at)
  SELECT seq, title, details, responsible, guiding, '2026-01-01T00:00:00Z'
  FROM tasks ORDER BY seq;

INSERT INTO supervision_task_units (task_id, unit_id, role)
  SELECT st.id, g.unit_id, 'guiding'
  FROM task_guiding_units g
  JOIN tasks t ON t.id = g.task_id
  JOIN supervision_tasks st ON st.seq = t.seq;

-- 各镇 → every town; 县直各部门 / 各相关部门 → every department.
INSERT INTO supervision_task_units (task_id, unit_id, role)
  SELECT st.id, u.id, 'responsible'
  FROM supervision_tasks st, units u
  WHERE u.retired_at IS NULL
    AND ((u.kind = 'town' AND st.responsible LIKE '%各镇%')
      OR (u.kind = 'department' AND st.responsible LIKE '%部门%'));

DROP TABLE task_guiding_units;
DROP TABLE tasks;
