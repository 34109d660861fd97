package dev.cuifu.reminder.security;

import java.time.Instant;

/**
 * Published (synchronously, inside the disabling transaction) when a shop admin disables an
 * agent, so that the phone queue can hand the agent's claims back without security depending on it.
 */
public record AgentDisabled(String shopId, String username, String disabledBy, Instant at) {}
