-- Where an attempt at an inbox row began showing its answer (a streamed message, or a progress note to be edited into
-- the answer): message ids separated by spaces, appended at the attempt the writer holds. An attempt that stops before
-- answering (a crash, a replica killed) leaves such a message unfinished in the conversation; the next attempt reads
-- them here and removes them before it answers.
ALTER TABLE runtime_inbox ADD COLUMN drafts TEXT;
