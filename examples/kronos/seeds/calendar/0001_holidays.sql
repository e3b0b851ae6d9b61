-- Purpose: public holidays for 2025 in France and the United Kingdom (England)
INSERT INTO holidays (country_code, holiday_date, name) VALUES
  ('FR', '2025-01-01', 'Jour de l''an'),
  ('FR', '2025-04-21', 'Lundi de Pâques'),
  ('FR', '2025-05-01', 'Fête du Travail'),
  ('FR', '2025-05-08', 'Victoire 1945'),
  ('FR', '2025-05-29', 'Ascension'),
  ('FR', '2025-06-09', 'Lundi de Pentecôte'),
  ('FR', '2025-07-14', 'Fête nationale'),
  ('FR', '2025-08-15', 'Assomption'),
  ('FR', '2025-11-01', 'Toussaint'),
  ('FR', '2025-11-11', 'Armistice 1918'),
  ('FR', '2025-12-25', 'Noël'),
  ('GB', '2025-01-01', 'New Year''s Day'),
  ('GB', '2025-04-18', 'Good Friday'),
  ('GB', '2025-04-21', 'Easter Monday'),
  ('GB', '2025-05-05', 'Early May bank holiday'),
  ('GB', '2025-05-26', 'Spring bank holiday'),
  ('GB', '2025-08-25', 'Summer bank holiday'),
  ('GB', '2025-12-25', 'Christmas Day'),
  ('GB', '2025-12-26', 'Boxing Day')
ON CONFLICT (country_code, holiday_date) DO UPDATE SET name = EXCLUDED.name;
