-- The pages of documents read by OCR, as the cells' boxes (import_rows.ocr) refer to them: a reviewer sees the
-- crop of a doubtful cell beside the recognised text.
CREATE TABLE document_pages (
    source_document_id  bigint NOT NULL REFERENCES source_documents (id),
    page                integer NOT NULL CHECK (page >= 1),
    png                 bytea NOT NULL,
    PRIMARY KEY (source_document_id, page)
);
