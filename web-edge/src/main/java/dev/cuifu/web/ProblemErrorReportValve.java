package dev.cuifu.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error answers (a path or query it cannot decode, a request it refuses before the
 * application sees it) as {@code application/problem+json} instead of its HTML page, like every
 * other error of the service. No internals: the status, its reason and, for a request Tomcat could
 * not parse, the header size limit. Tomcat logs the parse error itself, with a stack trace, at INFO
 * on {@code org.apache.coyote.http11.Http11Processor}: each app sets that logger to WARN.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  private static final JsonMapper JSON = JsonMapper.shared();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get() || !response.setErrorReported()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", Problems.typeFor(status).toString());
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail(request, status, title, throwable));
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(JSON.writeValueAsString(problem));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the answer already started: nothing more to say
    }
  }

  /**
   * Tomcat refuses a request line or header block it cannot parse, or one over
   * {@code server.max-http-request-header-size}, with a 400 and an {@link IllegalArgumentException}
   * before any servlet runs. Its message is not passed on (it may quote the request); the limit is,
   * since a sender cannot otherwise tell a too-long signature from a malformed one. Tomcat uses one
   * exception for both, so the status stays 400 rather than 431.
   */
  private static String detail(Request request, int status, String title, Throwable throwable) {
    if (status >= 500) {
      return "The request could not be processed.";
    }
    if (status == 400 && throwable instanceof IllegalArgumentException
        && request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
      return "The request line or headers could not be read: malformed, or larger than the %d bytes this server accepts."
          .formatted(http.getMaxHttpRequestHeaderSize());
    }
    return "The request could not be understood: " + title + ".";
  }
}
