package dev.cuifu.reminder.security;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * The phone agents (table {@code agent}): created by their shop, loaded at sign-in. Passwords are
 * stored only as the {@link PasswordEncoder}'s hash (BCrypt).
 */
@Repository
public class AgentDirectory implements UserDetailsService {

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;

  AgentDirectory(JdbcClient jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
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
    return inserted == 1 ? Optional.of(new AgentUser(username, shopId, displayName, hash, role)) : Optional.empty();
  }

  public Optional<AgentUser> find(String username) {
    if (username == null) {
      return Optional.empty();
    }
    return jdbc.sql("select username, shop_id, display_name, password_hash, role from agent where username = ?")
        .param(username)
        .query(
            (rs, n) ->
                new AgentUser(
                    rs.getString("username"),
                    rs.getString("shop_id"),
                    rs.getString("display_name"),
                    rs.getString("password_hash"),
                    AgentRole.valueOf(rs.getString("role"))))
        .optional();
  }

  @Override
  public AgentUser loadUserByUsername(String username) {
    return find(username).orElseThrow(() -> new UsernameNotFoundException("no such agent"));
  }
}
