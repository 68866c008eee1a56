-- Due dates on the built-in tools' tasks, and what the reminder the day before needs: who made the task, where, and
-- for which due date a reminder was claimed (so each reminder goes out once, also with several replicas).
-- Dates are ISO text (2026-04-10), which sorts and compares as dates in both dialects.
ALTER TABLE builtin_tasks ADD COLUMN due_date TEXT;
ALTER TABLE builtin_tasks ADD COLUMN creator_id TEXT;
ALTER TABLE builtin_tasks ADD COLUMN conversation_id TEXT;
ALTER TABLE builtin_tasks ADD COLUMN reminded_for TEXT;
CREATE INDEX builtin_tasks_due ON builtin_tasks (workspace_id, due_date);
