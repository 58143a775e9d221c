# Differential fuzz target of the small JSON reader and writer the renewer
# uses in place of encoding/json (see mk/fuzz.mk).
FUZZ_TARGETS += renewer:FuzzJSONLite
