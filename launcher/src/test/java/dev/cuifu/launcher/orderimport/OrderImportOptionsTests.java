package dev.cuifu.launcher.orderimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The import command's options, checked before anything is read or posted. */
class OrderImportOptionsTests {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"localhost:8080", "ftp://localhost:8080", "not a url", "http://"})
  @DisplayName("rule: an --ingest that is no http(s) URL is a usage error (status 2) naming --ingest, not a stack trace")
  void ingestMustBeAnHttpUrl(String ingest) throws Exception {
    Path orders = Files.writeString(dir.resolve("orders.csv"), "Order No,Created at,Total,Customer id,Phone\n");
    Path key = Files.writeString(dir.resolve("key"), "cf_key");
    Path profile =
        Files.writeString(
            dir.resolve("shop.json"),
            """
            {"columns": {"orderId": "Order No", "createdAt": "Created at", "amount": "Total", "buyerId": "Customer id",
             "buyerPhone": "Phone"}, "currency": "CNY", "timeZone": "Asia/Shanghai", "itemSummary": "Your order"}""");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        OrderImport.run(
            new String[] {"--orders", orders.toString(), "--profile", profile.toString(), "--api-key-file", key.toString(),
              "--ingest", ingest},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            List.of(Duration.ofMillis(1)));

    assertThat(status).isEqualTo(OrderImport.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ingest").doesNotContain("Exception");
  }
}
