# Fuzz targets of the token server profiles (see mk/fuzz.mk).
FUZZ_TARGETS += internal/profiles:FuzzAgoraParse
FUZZ_TARGETS += internal/profiles:FuzzDolbyParse
FUZZ_TARGETS += internal/profiles:FuzzRoomServiceParse
FUZZ_TARGETS += renewer:FuzzJSONParse
FUZZ_TARGETS += renewer:FuzzTextParse
