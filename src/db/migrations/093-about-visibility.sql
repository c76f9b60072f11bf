-- About.set_visibility (Photo Station's "about me" switch): whether the page is shown to visitors,
-- and the title it goes by. NULL title: the configured one (Config.site.aboutMeTitle).
ALTER TABLE about_page ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE about_page ADD COLUMN title TEXT;
