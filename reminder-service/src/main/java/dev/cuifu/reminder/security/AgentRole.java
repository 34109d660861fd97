package dev.cuifu.reminder.security;

/**
 * What a phone agent may do; both work the shop's phone tasks under {@code /agent/**}, and only a
 * SHOP_ADMIN manages the shop's agents and releases another agent's claim.
 */
enum AgentRole {
  /** Calls buyers: lists, claims and completes the shop's phone tasks. */
  AGENT,
  /** A shop's supervisor: everything an agent may do, plus managing agents and releasing claims. */
  SHOP_ADMIN;

  /** The Spring Security authority of the role. */
  public String authority() {
    return "ROLE_" + name();
  }
}
