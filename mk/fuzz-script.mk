# Fuzz targets of the fault script parser and of tokenctl's terminal escaping (see mk/fuzz.mk).
FUZZ_TARGETS += internal/tokenserver:FuzzParseScript
FUZZ_TARGETS += examples/tokenctl:FuzzSafeJSON
