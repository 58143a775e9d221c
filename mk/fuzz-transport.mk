# Fuzz targets of the HTTP header parsers (see mk/fuzz.mk).
FUZZ_TARGETS += renewer:FuzzParseRetryAfter
FUZZ_TARGETS += renewer:FuzzClockSkew
