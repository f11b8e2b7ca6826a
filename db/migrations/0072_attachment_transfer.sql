-- Which of this station's attachment files the hub has confirmed whole (a file is sent once); the rest are
-- the upload queue.  Station-local bookkeeping, like the sync cursors.
CREATE TABLE attachment_uploads (
    sha256      TEXT PRIMARY KEY,
    uploaded_at TEXT NOT NULL
);
INSERT INTO table_kinds (name, kind) VALUES ('attachment_uploads', 'local');
