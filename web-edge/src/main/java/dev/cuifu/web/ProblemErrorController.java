package dev.cuifu.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page every error the application did not answer itself is forwarded to (Tomcat's own
 * 405 to {@code TRACE}, a filter's {@code sendError}, an exception thrown by a filter), as
 * problem+json instead of Spring Boot's {@code {"timestamp", "status", "error", "path"}}. Takes the
 * place of Boot's {@code BasicErrorController} (each app keeps {@code /error} out of its OpenAPI
 * description: {@code springdoc.paths-to-exclude}). No internals: a 5xx says only that the request
 * could not be processed.
 */
@RestController
public class ProblemErrorController implements ErrorController {

  @RequestMapping(path = "${server.error.path:${error.path:/error}}")
  public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    if (!(code instanceof Integer)) {
      // asked for directly, not forwarded here by an error: there is nothing at this path
      ProblemDetail missing = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no resource at this path.");
      missing.setTitle("Not found");
      missing.setType(Problems.typeFor(404));
      return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(missing);
    }
    int status = (Integer) code;
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    ProblemDetail problem = ProblemDetail.forStatus(status);
    problem.setTitle(title);
    problem.setType(Problems.typeFor(status));
    problem.setDetail(detail(request, status, title));
    if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
      try {
        problem.setInstance(new URI(uri));
      } catch (URISyntaxException e) {
        // a path Tomcat took but java.net.URI does not: leave the instance out
      }
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static String detail(HttpServletRequest request, int status, String title) {
    if (status == HttpStatus.METHOD_NOT_ALLOWED.value()) {
      // not request.getMethod(): the error dispatch of Tomcat's TRACE refusal reports GET
      return "The request's method is not allowed here; the Allow header lists those that are.";
    }
    if (status >= 500) {
      return "The request could not be processed.";
    }
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    if (message instanceof String text && !text.isBlank() && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) == null) {
      return text.strip();
    }
    return "The request was refused (" + status + " " + title + ").";
  }
}
