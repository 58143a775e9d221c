# Fuzz targets of the HTTP header and date parsers (see mk/fuzz.mk).
FUZZ_TARGETS += internal/httpsource:FuzzParseRetryAfter
FUZZ_TARGETS += renewer:FuzzClockSkew
FUZZ_TARGETS += internal/wire:FuzzHTTPDate
FUZZ_TARGETS += internal/wire:FuzzHTTPDateFormatted
FUZZ_TARGETS += internal/wire:FuzzRFC3339
FUZZ_TARGETS += internal/wire:FuzzRFC3339Formatted
