# Fuzz target of the fault script parser behind renewertest and tokenctl serve (see mk/fuzz.mk).
FUZZ_TARGETS += internal/tokenserver:FuzzParseScript
