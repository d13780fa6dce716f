package io.ferperturb.perturb.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The web console's page, its settings and the redirects to it (the page itself runs in ConsoleBrowserIT). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class ConsoleResourceTest {

    @Test
    void theConsoleSettingsNameTheOtherServicesAtTheirDefaultPortsWithoutATrailingSlash() {
        given().get("/console/config.json").then().statusCode(200)
                .body("inferenceUrl", equalTo("http://localhost:8083"))
                .body("saliencyUrl", equalTo("http://localhost:8084"))
                .body("trainerUrl", equalTo("http://localhost:8082"));
    }

    @Test
    void theRootAndTheConsoleWithoutItsSlashRedirectToTheConsole() {
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", endsWith("/console/"));
        given().redirects().follow(false).get("/console").then().statusCode(303).header("Location", endsWith("/console/"));
    }

    @Test
    void thePageItsScriptAndItsStylesAreServedFromTheService() {
        given().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<script src=\"console.js\"></script>"), containsString("id=\"drop-zone\""),
                        containsString("<script src=\"camera.js\"></script>"), containsString("id=\"camera-start\""));
        given().get("/console/console.js").then().statusCode(200).body(containsString("fetch"));
        given().get("/console/camera.js").then().statusCode(200).body(containsString("getUserMedia"));
        given().get("/console/console.css").then().statusCode(200).contentType(containsString("text/css"));
    }
}
