// A server that dies before the MCP handshake, as a missing dependency would make it.
process.stderr.write('fake server: required setting FAKE_SETTING is missing\n');
process.exit(3);
