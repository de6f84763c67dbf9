-- A canned reply may be for one language ("" for every language).
ALTER TABLE canned_replies ADD COLUMN language text NOT NULL DEFAULT '';
