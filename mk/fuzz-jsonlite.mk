# Differential fuzz targets of the small parsers the renewer uses in place
# of encoding/json and url.Parse, against those (see mk/fuzz.mk).
FUZZ_TARGETS += internal/jsonlite:FuzzJSONLite
FUZZ_TARGETS += internal/urlx:FuzzParseURL
