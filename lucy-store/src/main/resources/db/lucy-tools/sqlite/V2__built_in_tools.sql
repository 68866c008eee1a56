-- The built-in tools' projects, tasks and ideas, per workspace.

-- The next task and idea id of each workspace. Ids are taken by incrementing this row inside the transaction that
-- writes the task or idea, so concurrent writers queue on the row and never share an id; ids are never reused.
CREATE TABLE builtin_counters (
    workspace_id TEXT PRIMARY KEY,
    next_task INTEGER NOT NULL,
    next_idea INTEGER NOT NULL
);

-- A project exists from its first task on and stays, listed in the order it was created, when its tasks are gone.
CREATE TABLE builtin_projects (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (workspace_id, name)
);

CREATE TABLE builtin_tasks (
    workspace_id TEXT NOT NULL,
    id INTEGER NOT NULL,
    project TEXT NOT NULL,
    title TEXT NOT NULL,
    done BOOLEAN NOT NULL,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, project) REFERENCES builtin_projects (workspace_id, name)
);

CREATE TABLE builtin_ideas (
    workspace_id TEXT NOT NULL,
    id INTEGER NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
