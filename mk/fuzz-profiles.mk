# Fuzz targets of the token server profiles (see mk/fuzz.mk).
FUZZ_TARGETS += renewer:FuzzAgoraParse
FUZZ_TARGETS += renewer:FuzzDolbyParse
FUZZ_TARGETS += renewer:FuzzRoomServiceParse
FUZZ_TARGETS += renewer:FuzzJSONParse
FUZZ_TARGETS += renewer:FuzzTextParse
