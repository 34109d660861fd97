package dev.cuifu.reminder.security;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The service's one security filter chain. Phone agents sign in with HTTP Basic (against table
 * {@code agent}, see {@link AgentDirectory}) for {@code /agent/**}, with role AGENT or SHOP_ADMIN;
 * managing agents and releasing a claim need SHOP_ADMIN (an AGENT gets 403). The agents' page
 * under {@code /agent/} is public: it holds no data and signs its API calls in itself. The shop
 * dashboard at {@code /dashboard/} works the same way: its page is public, its data under {@code
 * /dashboard/api/**} needs a SHOP_ADMIN (an AGENT gets 403).
 *
 * <p>Every other endpoint is permitted exactly as before Spring Security came in: the shop API
 * checks its {@code X-Api-Key} in shop's interceptor (before the body is read) and hands the shop
 * to the controllers as an {@code AuthenticatedShop}, {@code /twilio/**} checks Twilio's signature,
 * and actuator, {@code /v3/api-docs} and {@code /swagger-ui/**} are open. The chain is scoped to
 * {@code /agent/**} and {@code /dashboard/**} so that those requests pass no security filter at all: no Basic
 * authentication attempt on a stray {@code Authorization} header, no added response headers, no
 * session. Stateless, with no CSRF token: a write must carry {@code X-Requested-With} instead
 * ({@link CrossSiteWriteGuard}), which a cross-site form cannot send. Wrong
 * passwords are throttled per username and client address ({@link SignInThrottle}).
 */
@Configuration(proxyBeanMethods = false)
class AgentSecurityConfiguration {

  /** The paths that need an agent. */
  static final String AGENT_PATHS = "/agent/**";

  /** What only a shop's SHOP_ADMIN may do: manage its agents, release another agent's claim. */
  static final String[] ADMIN_PATHS = {"/agent/agents/**", "/agent/tasks/*/release"};

  /** The agents' page and its own assets: public (no data in them); the page signs in for its API calls. */
  static final String[] PAGE_PATHS = {"/agent", "/agent/", "/agent/index.html", "/agent/agent.js", "/agent/agent.css"};

  /** The shop dashboard's page and assets (public, no data in them) and its data (SHOP_ADMIN only). */
  static final String DASHBOARD_PATHS = "/dashboard/**";

  static final String[] DASHBOARD_PAGE_PATHS = {
    "/dashboard", "/dashboard/", "/dashboard/index.html", "/dashboard/dashboard.js", "/dashboard/dashboard.css"
  };

  static final String DASHBOARD_API_PATHS = "/dashboard/api/**";

  @Bean
  SecurityFilterChain agentSecurityFilterChain(HttpSecurity http, SignInThrottleProperties throttle, Clock clock)
      throws Exception {
    ProblemSecurityHandler problems = new ProblemSecurityHandler();
    http.securityMatcher(AGENT_PATHS, DASHBOARD_PATHS)
        // wrong passwords are counted per username and client address; past the limit, 429
        .addFilterBefore(new SignInThrottle(throttle, clock), BasicAuthenticationFilter.class)
        // a write without X-Requested-With is a cross-site form post riding cached credentials
        .addFilterBefore(new CrossSiteWriteGuard(), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(
            authorize ->
                authorize
                    .requestMatchers(HttpMethod.GET, PAGE_PATHS)
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, DASHBOARD_PAGE_PATHS)
                    .permitAll()
                    .requestMatchers(DASHBOARD_API_PATHS)
                    .hasRole(AgentRole.SHOP_ADMIN.name())
                    .requestMatchers(ADMIN_PATHS)
                    .hasRole(AgentRole.SHOP_ADMIN.name())
                    .requestMatchers(AGENT_PATHS)
                    .hasAnyRole(AgentRole.AGENT.name(), AgentRole.SHOP_ADMIN.name())
                    .anyRequest()
                    .permitAll())
        .httpBasic(basic -> basic.realmName(ProblemSecurityHandler.REALM).authenticationEntryPoint(problems))
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable);
    return http.build();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }
}
