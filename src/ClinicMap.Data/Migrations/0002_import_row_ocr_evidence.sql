-- For rows read by OCR: each cell's recognised text, confidence and box on the page image, so a reviewer sees the
-- crop beside the text. A JSON array of {"column", "text", "confidence", "page", "x", "y", "width", "height"};
-- NULL for rows that came from text formats.
ALTER TABLE import_rows ADD COLUMN ocr jsonb;
