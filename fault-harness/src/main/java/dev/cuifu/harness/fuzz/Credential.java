package dev.cuifu.harness.fuzz;

/** Which credential a case carries. */
enum Credential {
  VALID,
  NONE,
  /** Present but wrong: an unknown key, token or agent. */
  WRONG
}
