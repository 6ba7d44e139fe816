-- 014: who took a case's actions (the tutor who clicked or wrote on the web view), so that the
-- contact log names them rather than the case's tutor.

ALTER TABLE cases ADD COLUMN contacted_by INTEGER;
ALTER TABLE cases ADD COLUMN closed_by INTEGER;
