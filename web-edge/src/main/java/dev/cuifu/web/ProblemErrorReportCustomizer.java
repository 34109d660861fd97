package dev.cuifu.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProblemErrorReportValve} where Tomcat's HTML error report valve was (Spring Boot
 * adds one to the host; the host adds its default at start unless one of its configured class is
 * there).
 */
public class ProblemErrorReportCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

  @Override
  public void customize(ConfigurableTomcatWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          if (context.getParent() instanceof Host host) {
            for (Valve valve : host.getPipeline().getValves()) {
              if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
              }
            }
            if (host instanceof StandardHost standard) {
              standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
            host.getPipeline().addValve(new ProblemErrorReportValve());
          }
        });
  }

  /** After Spring Boot's own customizer, which adds the HTML valve. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
