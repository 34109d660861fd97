package dev.cuifu.reminder.security;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The phone agents (table {@code agent}): created by their shop, loaded at sign-in, disabled by a
 * shop admin. Passwords are stored only as the {@link PasswordEncoder}'s hash (BCrypt).
 */
@Repository
class AgentDirectory implements UserDetailsService {

  /** An agent as a shop admin sees it: never the password hash. */
  public record AgentEntry(
      String username, String shopId, String displayName, AgentRole role, Instant createdAt, Instant disabledAt) {}

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final ApplicationEventPublisher events;

  AgentDirectory(JdbcClient jdbc, PasswordEncoder passwords, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.passwords = passwords;
    this.events = events;
  }

  /**
   * Creates an agent of the shop.
   *
   * @return the new agent, or empty when the username is taken (by any shop)
   */
  public Optional<AgentUser> create(
      String shopId, String username, String displayName, String rawPassword, AgentRole role, Instant now) {
    Objects.requireNonNull(rawPassword, "rawPassword");
    String hash = passwords.encode(rawPassword);
    int inserted =
        jdbc.sql(
                """
                insert into agent (username, shop_id, display_name, password_hash, role, created_at)
                values (?, ?, ?, ?, ?, ?) on conflict (username) do nothing
                """)
            .params(username, shopId, displayName, hash, role.name(), Timestamps.toDb(now.truncatedTo(ChronoUnit.MICROS)))
            .update();
    return inserted == 1 ? Optional.of(new AgentUser(username, shopId, displayName, hash, role, true)) : Optional.empty();
  }

  public Optional<AgentUser> find(String username) {
    if (username == null) {
      return Optional.empty();
    }
    return jdbc.sql("select username, shop_id, display_name, password_hash, role, disabled_at from agent where username = ?")
        .param(username)
        .query(
            (rs, n) ->
                new AgentUser(
                    rs.getString("username"),
                    rs.getString("shop_id"),
                    rs.getString("display_name"),
                    rs.getString("password_hash"),
                    AgentRole.valueOf(rs.getString("role")),
                    rs.getObject("disabled_at") == null))
        .optional();
  }

  /** The shop's agents, enabled ones first, then by username. */
  public List<AgentEntry> list(String shopId) {
    return jdbc.sql(
            """
            select username, shop_id, display_name, role, created_at, disabled_at from agent
            where shop_id = ? order by disabled_at is not null, username
            """)
        .param(shopId)
        .query(
            (rs, n) ->
                new AgentEntry(
                    rs.getString("username"),
                    rs.getString("shop_id"),
                    rs.getString("display_name"),
                    AgentRole.valueOf(rs.getString("role")),
                    Timestamps.fromDb(rs, "created_at"),
                    Timestamps.fromDb(rs, "disabled_at")))
        .list();
  }

  /**
   * Disables the shop's agent: its next request fails to sign in, and {@link AgentDisabled} is
   * published in the same transaction (the agent's claims go back to the queue). Idempotent.
   *
   * @return false when the shop has no such agent (another shop's agent included)
   */
  @Transactional
  public boolean disable(String shopId, String username, String disabledBy, Instant now) {
    int found =
        jdbc.sql(
                """
                update agent set disabled_at = coalesce(disabled_at, ?)
                where shop_id = ? and username = ?
                """)
            .params(Timestamps.toDb(now.truncatedTo(ChronoUnit.MICROS)), shopId, username)
            .update();
    if (found == 1) {
      events.publishEvent(new AgentDisabled(shopId, username, disabledBy, now));
    }
    return found == 1;
  }

  @Override
  public AgentUser loadUserByUsername(String username) {
    return find(username).orElseThrow(() -> new UsernameNotFoundException("no such agent"));
  }
}
