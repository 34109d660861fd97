package dev.cuifu.reminder.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A signed-in phone agent (a row of table {@code agent}). Its {@link #shopId} is the only shop
 * whose phone tasks it may see or touch.
 */
public final class AgentUser implements UserDetails {

  private static final long serialVersionUID = 1L;

  private final String username;
  private final String shopId;
  private final String displayName;
  private final String passwordHash;
  private final AgentRole role;
  private final boolean enabled;

  /**
   * @param enabled false once a shop admin disabled the agent: the sign-in then fails (401)
   */
  public AgentUser(
      String username, String shopId, String displayName, String passwordHash, AgentRole role, boolean enabled) {
    this.username = Objects.requireNonNull(username, "username");
    this.shopId = Objects.requireNonNull(shopId, "shopId");
    this.displayName = Objects.requireNonNull(displayName, "displayName");
    this.passwordHash = passwordHash;
    this.role = Objects.requireNonNull(role, "role");
    this.enabled = enabled;
  }

  public String shopId() {
    return shopId;
  }

  public String displayName() {
    return displayName;
  }

  public AgentRole role() {
    return role;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority(role.authority()));
  }

  @Override
  public boolean isAccountNonExpired() {
    return true;
  }

  @Override
  public boolean isAccountNonLocked() {
    return true;
  }

  @Override
  public boolean isCredentialsNonExpired() {
    return true;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public String toString() {
    return "AgentUser[" + username + " of " + shopId + ", " + role + "]";
  }
}
