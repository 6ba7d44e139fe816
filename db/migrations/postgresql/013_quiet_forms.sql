-- 013 (PostgreSQL twin): after an interview a tutor may say "not this form again for N weeks"
-- for the learner; the case keeps until when.

ALTER TABLE cases ADD COLUMN quiet_until timestamptz;
