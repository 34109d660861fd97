-- The region (ISO 3166 alpha-2, e.g. CN) a shop's buyer phone numbers without + and country code
-- are read in. None for the shops that existed before: they keep sending E.164 numbers only.
ALTER TABLE shop ADD COLUMN phone_region text CHECK (phone_region ~ '^[A-Z]{2}$');
