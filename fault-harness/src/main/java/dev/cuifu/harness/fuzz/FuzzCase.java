package dev.cuifu.harness.fuzz;

/**
 * One request to send, described compactly; its bytes are built only when sent (from {@code
 * seed}), so a 10,000-case run never holds 10 MB bodies in memory and a case can be rebuilt.
 *
 * @param target the mutated JSON pointer or parameter name; empty for the whole request
 */
record FuzzCase(ApiOperation operation, Mutation mutation, String target, Credential credential, long seed) {

  String describe() {
    return mutation + (target.isEmpty() ? "" : " " + target) + ", credential " + credential;
  }
}
