package dev.cuifu.reminder.security;

/** No agent of that username in the admin's shop (another shop's agent is not found either). */
public class AgentNotFoundException extends RuntimeException {

  AgentNotFoundException(String username) {
    super("No agent " + username + " in your shop.", null, false, false);
  }
}
