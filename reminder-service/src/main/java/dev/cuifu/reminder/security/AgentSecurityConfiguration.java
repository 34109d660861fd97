package dev.cuifu.reminder.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The service's one security filter chain. Phone agents sign in with HTTP Basic (against table
 * {@code agent}, see {@link AgentDirectory}) for {@code /agent/**}, with role AGENT or SHOP_ADMIN.
 *
 * <p>Every other endpoint is permitted exactly as before Spring Security came in: the shop API
 * checks its {@code X-Api-Key} in the controllers, {@code /twilio/**} checks Twilio's signature,
 * and actuator, {@code /v3/api-docs} and {@code /swagger-ui/**} are open. The chain is scoped to
 * {@code /agent/**} so that those requests pass no security filter at all: no Basic
 * authentication attempt on a stray {@code Authorization} header, no added response headers, no
 * session. Stateless, and no CSRF (an API with credentials on every request, no cookies).
 */
@Configuration(proxyBeanMethods = false)
class AgentSecurityConfiguration {

  /** The paths that need an agent. */
  static final String AGENT_PATHS = "/agent/**";

  @Bean
  SecurityFilterChain agentSecurityFilterChain(HttpSecurity http) throws Exception {
    ProblemSecurityHandler problems = new ProblemSecurityHandler();
    http.securityMatcher(AGENT_PATHS)
        .authorizeHttpRequests(
            authorize ->
                authorize
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
