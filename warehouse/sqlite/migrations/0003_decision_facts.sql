-- What a review or lifecycle step records besides its state and reason:
-- the date an application was received, who went on the field visit, the
-- findings, the 公示 period … as a JSON object of strings ('{}' for none).
-- Kept with the row, so the history shows each step as it was taken.
ALTER TABLE decisions ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
