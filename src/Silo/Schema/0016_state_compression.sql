-- Grain state documents are written on every command. LZ4 compresses them several times faster
-- than the default pglz for a similar size (existing rows keep their compression until rewritten).
ALTER TABLE orleansstorage ALTER COLUMN payloadbinary SET COMPRESSION lz4;
ALTER TABLE cv_events ALTER COLUMN changes SET COMPRESSION lz4;
